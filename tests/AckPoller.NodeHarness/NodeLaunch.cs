using System.Diagnostics;

namespace AckPoller.NodeHarness;

/// <summary>How to start one `ackpoller run` node: the built worker (<paramref name="Dll"/>, ackpoller.dll), its
/// configuration file and the environment variables added to the process (the secrets the configuration names by
/// PasswordEnv go here, never into the file).</summary>
internal sealed record NodeLaunch(string Dll, string Config, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The process's working directory (null: this process's).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>`dotnet ackpoller.dll run --config …` with <see cref="Environment"/> added; every line it writes (stdout
    /// as "out: …", stderr as "err: …") goes to <paramref name="output"/>.</summary>
    public Process Start(Action<string> output)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Dll, "run", "--config", Config },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (WorkingDirectory is not null)
        {
            info.WorkingDirectory = WorkingDirectory;
        }

        foreach (var (name, value) in Environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output("out: " + e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output("err: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
