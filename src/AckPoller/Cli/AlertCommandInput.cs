using AckPoller.Mail.Mime;

namespace AckPoller.Cli;

/// <summary>Checks on the addresses and free text given to `alert raise` and `alert register`.</summary>
internal static class AlertCommandInput
{
    public static List<string> Addresses(string option, IEnumerable<string>? values, int maxRecipients, bool required = true)
    {
        var result = new List<string>();
        foreach (var value in values ?? [])
        {
            foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!EmailAddress.TryValidate(part, out var problem))
                {
                    throw new CommandUsageException(option, problem);
                }

                result.Add(part);
            }
        }

        if (result.Count > maxRecipients)
        {
            throw new CommandUsageException(option, $"at most {maxRecipients} recipients (Alerts:MaxRecipients); got {result.Count}.");
        }

        return result.Count > 0 || !required ? result : throw new CommandUsageException(option, "give at least one address.");
    }

    public static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
