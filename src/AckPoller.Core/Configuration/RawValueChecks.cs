using Microsoft.Extensions.Configuration;

namespace AckPoller.Core.Configuration;

/// <summary>Checks values the binder would silently drop: inside a list, an element with an unconvertible value
/// (e.g. AuthKind "Kerberos") is skipped without error, and the account would vanish.</summary>
internal static class RawValueChecks
{
    public static IReadOnlyList<string> Find(IConfiguration configuration)
    {
        var errors = new List<string>();
        foreach (var account in configuration.GetSection("Accounts").GetChildren())
        {
            CheckEnum<MailProtocol>(account, "Protocol", errors);
            CheckEnum<AccountAuthKind>(account, "AuthKind", errors);
            CheckParse(account, "ClientSecretExpiresOn", value => DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _), "a date such as 2027-03-31", errors);
        }

        return errors;
    }

    private static void CheckEnum<T>(IConfigurationSection account, string key, List<string> errors)
        where T : struct, Enum =>
        CheckParse(account, key, value => Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _),
            "one of " + string.Join(", ", Enum.GetNames<T>()), errors);

    private static void CheckParse(IConfigurationSection account, string key, Func<string, bool> parses, string expected, List<string> errors)
    {
        var value = account[key];
        if (value is not null && !parses(value))
        {
            errors.Add($"{account.Path}:{key}: '{value}' is not valid; expected {expected}.");
        }
    }
}
