using System.CommandLine;
using AckPoller.Core.Configuration;
using AckPoller.Core.Reporting;
using Microsoft.Extensions.Configuration;

namespace AckPoller.Cli;

/// <summary>`ackpoller config check [--config F]`: validates the configuration file plus the ACKPOLLER__… environment
/// and lists every problem at once, each with its key. Exit 0 valid (with a one-line summary), 3 invalid.</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var command = new Command("config", "Work with the configuration (appsettings.json and ACKPOLLER__… environment variables).");
        var config = CommandHost.ConfigOption();
        var check = new Command("check", "Check the configuration and list every problem at once, each with its key (unknown keys, bad values, missing settings, secrets that are not set).") { config };
        check.SetAction(async parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var file = parse.GetValue(config);
            var path = Path.GetFullPath(file ?? AckPollerConfiguration.DefaultFileName);
            IConfigurationRoot configuration;
            try
            {
                configuration = AckPollerConfiguration.Build(file, Directory.GetCurrentDirectory());
            }
            catch (ConfigurationException ex)
            {
                await output.WriteLineAsync(ex.Message);
                return ExitCodes.BadConfiguration;
            }
            catch (InvalidDataException ex)
            {
                // Not JSON: the parser's message names the line.
                await output.WriteLineAsync($"{path}: {ex.InnerException?.Message ?? ex.Message}");
                return ExitCodes.BadConfiguration;
            }

            var source = File.Exists(path) ? path : $"{path} (missing: defaults only)";
            var result = ConfigCheck.Run(configuration);
            if (result.Problems.Count > 0)
            {
                await output.WriteLineAsync($"Configuration {source} with {AckPollerConfiguration.EnvironmentPrefix}… environment variables: {result.Problems.Count} problem{(result.Problems.Count == 1 ? string.Empty : "s")}:");
                foreach (var problem in result.Problems)
                {
                    await output.WriteLineAsync("  " + CliConsole.Clean(problem));
                }

                return ExitCodes.BadConfiguration;
            }

            var options = result.Options!;
            var accounts = string.Join("; ", options.Accounts.Select(a => $"{a.Name} ({a.Mailbox}, {Names.Of(a.Protocol)}, {Names.Of(a.AuthKind)})"));
            await output.WriteLineAsync($"Configuration OK: {source}: {options.Accounts.Count} account{(options.Accounts.Count == 1 ? string.Empty : "s")}: {accounts}; database {options.Storage.DatabasePath}.");
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(check);
        return command;
    }
}
