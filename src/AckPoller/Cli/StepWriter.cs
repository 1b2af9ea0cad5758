using AckPoller.Core.Diagnostics;

namespace AckPoller.Cli;

/// <summary>Prints the steps of `ackpoller test`: "✓ Step: detail" or "✗ Step: detail", then the server's words and the hint.</summary>
internal sealed class StepWriter(TextWriter output)
{
    public const string Passed = "✓";
    public const string Failed = "✗";

    public async Task PassAsync(string step, string detail) => await output.WriteLineAsync($"{Passed} {step}: {CliConsole.Clean(detail)}");

    public async Task FailAsync(string step, string detail, string? serverSaid = null, Office365Hint? hint = null)
    {
        await output.WriteLineAsync($"{Failed} {step}: {CliConsole.Clean(detail)}");
        if (!string.IsNullOrWhiteSpace(serverSaid))
        {
            await output.WriteLineAsync($"  The server said: {CliConsole.Clean(serverSaid.Trim())}");
        }

        if (hint is not null)
        {
            await output.WriteLineAsync($"  Hint ({hint.Error}): {hint.Cause}");
            await output.WriteLineAsync($"  Fix: {hint.Fix}");
        }
    }

    public async Task NoteAsync(string text) => await output.WriteLineAsync(CliConsole.Clean(text));
}
