using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;

namespace AckPoller.Cli;

/// <summary>The ackpoller command line: builds the command tree and maps parse errors to exit code 64. Exit codes are
/// documented in <see cref="ExitCodes"/>.</summary>
public static class AckPollerCli
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(args, output, error, services: null, cancellationToken);

    /// <param name="services">Test hook: services registered before the defaults of the commands that open the
    /// configured services (e.g. MSAL's HTTP client factory pointed at the Entra stand-in).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Action<IServiceCollection>? services, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("AckPoller: acknowledge alerts by replying to their emails, over IMAP/POP3/SMTP with OAuth 2.0. " +
            "Every command reads appsettings.json in the working directory (or --config) and ACKPOLLER__… environment variables. " +
            "Exit codes: 0 ok, 1 failed, 2 authentication failed, 3 connection failed or invalid configuration, 4 protocol error, 64 usage.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(AlertCommand.Create(services));
        root.Subcommands.Add(AlertsCommand.Create(services));
        root.Subcommands.Add(AcksCommand.Create(services));
        root.Subcommands.Add(AccountsCommand.Create(services));
        root.Subcommands.Add(ClusterCommand.Create(services));
        root.Subcommands.Add(WebhooksCommand.Create(services));
        root.Subcommands.Add(StorageCommand.Create(services));
        root.Subcommands.Add(AuthCommand.Create(services: services));
        root.Subcommands.Add(TestCommand.Create(services));
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(ProbeCommand.Create(output, error));

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync(parseError.Message);
            }

            await error.WriteLineAsync("Run 'ackpoller --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parseResult.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
