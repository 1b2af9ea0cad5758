using System.Diagnostics;

namespace AckPoller.TestSupport;

/// <summary>The built worker (src/AckPoller/bin/&lt;configuration&gt;/&lt;tfm&gt;/ackpoller.dll, with its own deps, same
/// configuration and target framework as this test assembly) started as a real `ackpoller run` process.</summary>
internal static class WorkerProcess
{
    public static string Dll()
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent!.Name;
        for (var dir = tfm; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "AckPoller", "bin", configuration, tfm.Name, "ackpoller.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("The built worker (src/AckPoller/bin/.../ackpoller.dll) was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>`dotnet ackpoller.dll run --config <paramref name="config"/>` with <paramref name="environment"/> added;
    /// every line it writes (stdout as "out: …", stderr as "err: …") goes to <paramref name="output"/>.</summary>
    public static Process Start(string config, IReadOnlyDictionary<string, string> environment, Action<string> output)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Dll(), "run", "--config", config },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
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
