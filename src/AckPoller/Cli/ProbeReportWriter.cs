using AckPoller.Core.Diagnostics;

namespace AckPoller.Cli;

/// <summary>Writes a probe report as plain text for people.</summary>
internal static class ProbeReportWriter
{
    public static async Task WriteAsync(ProbeReport report, TextWriter output)
    {
        await output.WriteLineAsync($"Server:         {report.Server} ({report.Protocol})");
        await output.WriteLineAsync($"TLS:            {report.Tls ?? "none"}");
        await output.WriteLineAsync($"Capabilities:   {(report.Capabilities.Count == 0 ? "-" : string.Join(' ', report.Capabilities))}");
        await output.WriteLineAsync($"Authenticated:  {(report.Authenticated ? $"yes ({report.Mechanism})" : "no")}");
        if (report.Messages is long messages)
        {
            await output.WriteLineAsync($"INBOX messages: {messages}");
        }

        if (report.Sent == true)
        {
            await output.WriteLineAsync("Test message:   sent");
        }

        if (report.Error is { } error)
        {
            await output.WriteLineAsync($"FAILED ({error.Kind}): {error.Detail}");
            if (!string.IsNullOrEmpty(error.ServerResponse))
            {
                await output.WriteLineAsync($"Server said:    {error.ServerResponse}");
            }
        }
        else
        {
            await output.WriteLineAsync("OK");
        }
    }
}
