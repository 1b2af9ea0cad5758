using System.Diagnostics;
using System.Globalization;

namespace AckPoller.Benchmarks;

/// <summary>The fair A/B loop shared by `compare-imap` and `compare-pop3`: one warm-up round each (JIT, server caches),
/// then rounds that alternate who goes first, so load spikes on a shared machine hit both sides alike; then the report.
/// The Python side is a worker process (bench/python/*_worker.py) that logs in once and times each retrieval itself.</summary>
internal static class InterleavedComparison
{
    public static async Task RunAsync(int rounds, Func<Task<ComparisonSample>> ours, Process? python, string theirName)
    {
        var oursSamples = new List<ComparisonSample>(rounds);
        var theirSamples = new List<ComparisonSample>(rounds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average at start: {LoadAverage()}"));
        await ours();
        if (python is not null)
        {
            await ComparisonSample.FromWorkerAsync(python, theirName);
        }

        for (var i = 0; i < rounds; i++)
        {
            if (python is not null && i % 2 == 1)
            {
                theirSamples.Add(await ComparisonSample.FromWorkerAsync(python, theirName));
            }

            oursSamples.Add(await ours());
            if (python is not null && i % 2 == 0)
            {
                theirSamples.Add(await ComparisonSample.FromWorkerAsync(python, theirName));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average at end: {LoadAverage()}"));
        ComparisonSample.Report("AckPoller", oursSamples);
        if (python is not null)
        {
            await python.StandardInput.WriteLineAsync("quit");
            await python.WaitForExitAsync();
            ComparisonSample.Report(theirName.PadRight(9), theirSamples);
            ComparisonSample.ReportRatio(theirName, oursSamples, theirSamples);
        }
    }

    /// <summary>Times one retrieval of ours: wall and process CPU milliseconds and thread-pool work items meanwhile.</summary>
    public static async Task<ComparisonSample> MeasureAsync(Func<Task<long>> retrieve)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var workItems = ThreadPool.CompletedWorkItemCount;
        var start = Stopwatch.GetTimestamp();
        var octets = await retrieve();
        var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        return new ComparisonSample(ms, cpuMs, octets, ThreadPool.CompletedWorkItemCount - workItems);
    }

    /// <summary>Starts bench/python/<paramref name="script"/> logged in as <paramref name="user"/>; it answers "ready".</summary>
    public static Process StartPythonWorker(string script, string user, string token)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "bench", "python", script));
        start.ArgumentList.Add(user);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start python3.");
        process.StandardInput.AutoFlush = true;
        process.StandardInput.WriteLine(token);
        var ready = process.StandardOutput.ReadLine();
        if (ready != "ready")
        {
            throw new InvalidOperationException($"The Python worker {script} did not start: {ready}");
        }

        return process;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "n/a";
}
