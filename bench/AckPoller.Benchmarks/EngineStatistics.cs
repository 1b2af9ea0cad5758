using System.Globalization;

namespace AckPoller.Benchmarks;

/// <summary>Percentiles of measured times, printed with the benchmark's own output.</summary>
internal static class EngineStatistics
{
    public static string Describe(string title, IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            return title + ": no samples";
        }

        var sorted = milliseconds.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"{title}: n={sorted.Length} min={sorted[0]:0} p50={Percentile(sorted, 0.50):0} p95={Percentile(sorted, 0.95):0} max={sorted[^1]:0} ms");
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
