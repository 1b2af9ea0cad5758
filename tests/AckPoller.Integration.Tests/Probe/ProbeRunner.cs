using System.Text.Json;
using AckPoller.Cli;

namespace AckPoller.Integration.Tests.Probe;

/// <summary>Runs `ackpoller probe ...` in-process, as the executable would, capturing exit code and output.</summary>
internal static class ProbeRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await AckPollerCli.RunAsync(["probe", .. args], output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    public static async Task<(int ExitCode, JsonElement Report, string Error)> RunJsonAsync(params string[] args)
    {
        var (exitCode, output, error) = await RunAsync([.. args, "--json"]);
        using var document = JsonDocument.Parse(output);
        return (exitCode, document.RootElement.Clone(), error);
    }

    public static string TokenFile(string token)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ackpoller-probe-{Guid.NewGuid():N}.token");
        File.WriteAllText(path, token);
        return path;
    }
}
