using AckPoller.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Identity.Client;

namespace AckPoller.Integration.Tests.Cli;

/// <summary>What one in-process `ackpoller …` printed and returned.</summary>
internal sealed record CliResult(int Exit, string Output, string Error)
{
    public override string ToString() => $"exit {Exit}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

/// <summary>Runs ackpoller commands in-process through <see cref="AckPollerCli.RunAsync(string[], TextWriter, TextWriter, Action{IServiceCollection}?, CancellationToken)"/>
/// with StringWriters (so stdout is redirected, not a terminal); MSAL reaches the Entra stand-in when a factory is given.</summary>
internal static class CliRun
{
    public static async Task<CliResult> RunAsync(IMsalHttpClientFactory? msal, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await AckPollerCli.RunAsync(args, output, error, msal is null ? null : s => s.AddSingleton(msal));
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(null, args);
}
