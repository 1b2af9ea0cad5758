namespace AckPoller.Integration.Tests.Hosting;

/// <summary>The built worker (src/AckPoller/bin/&lt;configuration&gt;/&lt;tfm&gt;/ackpoller.dll, with its own deps), same
/// configuration and target framework as this test assembly.</summary>
internal static class WorkerBuild
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
}
