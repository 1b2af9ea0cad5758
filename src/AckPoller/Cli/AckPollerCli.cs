using System.CommandLine;
using System.Runtime.CompilerServices;
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
        var root = BuildRoot(args, output, error, services);
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

    /// <summary>The command tree for these arguments. When the first argument names a command, only that command is
    /// built: how a command parses, its help and its errors depend on its own tree alone. Anything else (no arguments,
    /// --help, --version, a mistyped command) gets every command, for the root's help and suggestions.
    /// Why: building all thirteen trees (hundreds of options with their generic parsers) for a command that uses one was
    /// measured at 7–30 ms of `ackpoller acks` (README, Budgets).</summary>
    internal static RootCommand BuildRoot(string[] args, TextWriter output, TextWriter error, Action<IServiceCollection>? services)
    {
        var root = new RootCommand("AckPoller: acknowledge alerts by replying to their emails, over IMAP/POP3/SMTP with OAuth 2.0. " +
            "Every command reads appsettings.json in the working directory (or --config) and ACKPOLLER__… environment variables. " +
            "Exit codes: 0 ok, 1 failed, 2 authentication failed, 3 connection failed or invalid configuration, 4 protocol error, 64 usage.");
        // The native front-end (NativeCli) builds only the commands it runs; the condition is a constant there, so the
        // native compiler leaves the worker, the web host and the other commands out of it (a smaller image starts faster).
        (string Name, Func<Command> Create)[] commands = RuntimeFeature.IsDynamicCodeSupported ? All(output, error, services) :
        [
            ("alerts", () => AlertsCommand.Create(services)),
            ("acks", () => AcksCommand.Create(services)),
        ];
        var named = args.Length > 0 ? Array.FindIndex(commands, command => command.Name == args[0]) : -1;
        foreach (var (_, create) in named >= 0 ? commands[named..(named + 1)] : commands)
        {
            root.Subcommands.Add(create());
        }

        return root;
    }

    private static (string Name, Func<Command> Create)[] All(TextWriter output, TextWriter error, Action<IServiceCollection>? services) =>
        [
            ("run", () => RunCommand.Create()),
            ("alert", () => AlertCommand.Create(services)),
            ("alerts", () => AlertsCommand.Create(services)),
            ("acks", () => AcksCommand.Create(services)),
            ("accounts", () => AccountsCommand.Create(services)),
            ("cluster", () => ClusterCommand.Create(services)),
            ("webhooks", () => WebhooksCommand.Create(services)),
            ("storage", () => StorageCommand.Create(services)),
            ("auth", () => AuthCommand.Create(services: services)),
            ("test", () => TestCommand.Create(services)),
            ("config", () => ConfigCommand.Create()),
            ("explain", () => ExplainCommand.Create()),
            ("probe", () => ProbeCommand.Create(output, error)),
        ];
}
