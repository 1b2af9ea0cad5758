using AckPoller.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace AckPoller.Cli;

/// <summary>What `config check` does: every problem of a configuration at once, each with its key: secrets written into
/// the file, unknown keys, values of the wrong type, and everything the start-up validator checks (missing keys,
/// environment variables that are not set, files that do not exist…). Bad values are left out before binding, so the
/// validator still runs and its keys keep their list indices.</summary>
internal static class ConfigCheck
{
    public sealed record Result(IReadOnlyList<string> Problems, AckPollerOptions? Options);

    public static Result Run(IConfigurationRoot configuration, AckPollerOptionsValidator? validator = null)
    {
        var problems = new List<string>(SecretsInFileGuard.Find(configuration));
        var found = ConfigurationKeyWalker.Find(configuration);
        problems.AddRange(found.Select(p => p.ToString()));

        var badValues = found.Where(p => !p.IsUnknownKey).Select(p => p.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var sanitized = new ConfigurationBuilder()
            .AddInMemoryCollection(configuration.AsEnumerable().Where(kv => kv.Value is not null && !badValues.Contains(kv.Key)))
            .Build();
        AckPollerOptions options;
        try
        {
            options = AckPollerConfiguration.Bind(sanitized);
        }
        catch (ConfigurationException ex)
        {
            problems.AddRange(ex.Errors);
            return new Result(problems, null);
        }

        // An account whose Protocol or AuthKind is unreadable was checked as the default kind: its other errors would mislead.
        var unreadableAccounts = badValues
            .Where(k => k.StartsWith("Accounts:", StringComparison.OrdinalIgnoreCase) && (k.EndsWith(":Protocol", StringComparison.OrdinalIgnoreCase) || k.EndsWith(":AuthKind", StringComparison.OrdinalIgnoreCase)))
            .Select(k => k[..(k.LastIndexOf(':') + 1)])
            .ToList();
        foreach (var error in (validator ?? new AckPollerOptionsValidator()).Collect(options))
        {
            if (!unreadableAccounts.Exists(prefix => error.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) && !problems.Contains(error))
            {
                problems.Add(error);
            }
        }

        if (problems.Count == 0)
        {
            // The very check `run` makes, so the two can never disagree about a configuration.
            try
            {
                options = AckPollerConfiguration.LoadValidated(configuration, validator);
            }
            catch (ConfigurationException ex)
            {
                problems.AddRange(ex.Errors);
            }
        }

        return new Result(problems, problems.Count == 0 ? options : null);
    }
}
