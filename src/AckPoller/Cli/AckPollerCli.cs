using System.CommandLine;

namespace AckPoller.Cli;

/// <summary>The ackpoller command line: builds the command tree and maps parse errors to exit code 64.</summary>
public static class AckPollerCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("AckPoller: acknowledge alerts by replying to their emails, over IMAP/POP3/SMTP with OAuth 2.0.");
        root.Subcommands.Add(ProbeCommand.Create(output, error));
        root.Subcommands.Add(AuthCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(RunCommand.Create());

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
