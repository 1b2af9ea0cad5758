using System.Diagnostics;
using AckPoller.NodeHarness;

namespace AckPoller.TestSupport;

/// <summary>The built worker (src/AckPoller/bin/&lt;configuration&gt;/&lt;tfm&gt;/ackpoller.dll, with its own deps, same
/// configuration and target framework as this test assembly) started as a real `ackpoller run` process. Tests that run
/// whole nodes (kill, restart, several on one store) use <see cref="AckPollerNode"/> and <see cref="AckPollerCluster"/>.</summary>
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

    /// <summary>How to start the built worker with <paramref name="config"/> and <paramref name="environment"/>.</summary>
    public static NodeLaunch Launch(string config, IReadOnlyDictionary<string, string> environment) => new(Dll(), config, environment);

    /// <summary>`dotnet ackpoller.dll run --config <paramref name="config"/>` with <paramref name="environment"/> added;
    /// every line it writes (stdout as "out: …", stderr as "err: …") goes to <paramref name="output"/>.</summary>
    public static Process Start(string config, IReadOnlyDictionary<string, string> environment, Action<string> output) =>
        Launch(config, environment).Start(output);
}
