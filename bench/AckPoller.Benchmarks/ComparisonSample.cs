using System.Diagnostics;
using System.Globalization;

namespace AckPoller.Benchmarks;

/// <summary>One timed retrieval in an interleaved comparison: wall and CPU milliseconds, octets, and (ours only)
/// thread-pool work items run meanwhile, which counts the socket wake-ups handed to the pool; plus the report.</summary>
internal readonly record struct ComparisonSample(double Ms, double CpuMs, long Octets, long WorkItems)
{
    /// <summary>Asks a Python worker for one round; it answers "&lt;ms&gt; &lt;octets&gt; &lt;cpu ms&gt;".</summary>
    public static async Task<ComparisonSample> FromWorkerAsync(Process worker, string name)
    {
        await worker.StandardInput.WriteLineAsync("fetch");
        var line = await worker.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException($"The {name} worker ended.");
        var parts = line.Split(' ');
        return new ComparisonSample(
            double.Parse(parts[0], CultureInfo.InvariantCulture),
            double.Parse(parts[2], CultureInfo.InvariantCulture),
            long.Parse(parts[1], CultureInfo.InvariantCulture),
            0);
    }

    public static void Report(string name, List<ComparisonSample> samples)
    {
        var times = Sorted(samples, s => s.Ms);
        var cpu = Sorted(samples, s => s.CpuMs);
        var workItems = Sorted(samples, s => s.WorkItems);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: n={times.Count} octets={samples[^1].Octets} wall min {times[0]:0.0} p25 {Percentile(times, 0.25):0.0} median {Percentile(times, 0.5):0.0} p75 {Percentile(times, 0.75):0.0} ms; cpu p25 {Percentile(cpu, 0.25):0.0} median {Percentile(cpu, 0.5):0.0} ms; pool work items median {Percentile(workItems, 0.5):0}"));
    }

    public static void ReportRatio(string theirName, List<ComparisonSample> ours, List<ComparisonSample> theirs)
    {
        var ourTimes = Sorted(ours, s => s.Ms);
        var theirTimes = Sorted(theirs, s => s.Ms);
        var ourCpu = Sorted(ours, s => s.CpuMs);
        var theirCpu = Sorted(theirs, s => s.CpuMs);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio ours/{theirName}: wall median {Percentile(ourTimes, 0.5) / Percentile(theirTimes, 0.5):0.00}, p25 {Percentile(ourTimes, 0.25) / Percentile(theirTimes, 0.25):0.00}; cpu median {Percentile(ourCpu, 0.5) / Percentile(theirCpu, 0.5):0.00}"));
    }

    private static List<double> Sorted(List<ComparisonSample> samples, Func<ComparisonSample, double> value)
    {
        var values = new List<double>(samples.Count);
        foreach (var sample in samples)
        {
            values.Add(value(sample));
        }

        values.Sort();
        return values;
    }

    private static double Percentile(List<double> sorted, double p)
    {
        var position = p * (sorted.Count - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }
}
