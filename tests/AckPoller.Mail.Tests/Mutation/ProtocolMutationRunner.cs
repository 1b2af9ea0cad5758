using System.Diagnostics;

namespace AckPoller.Mail.Tests.Mutation;

/// <summary>Runs mutated server responses through a client session, one case per seed, and classifies how each ended:
/// success, a typed mail exception (the <see cref="MailException"/> family), anything else, or a hang (the case did not
/// finish within its time bound). Tracks the managed heap's peak as sampled after every case.</summary>
internal static class ProtocolMutationRunner
{
    public static readonly TimeSpan CaseTimeBound = TimeSpan.FromSeconds(5);

    public static async Task<MutationSummary> RunAsync(
        string protocol, IReadOnlyList<byte[]> bases, Func<Stream, CancellationToken, Task> session, int firstSeed, int cases)
    {
        var summary = new MutationSummary(protocol);
        var clock = Stopwatch.StartNew();
        for (var seed = firstSeed; seed < firstSeed + cases; seed++)
        {
            var (outcome, detail) = await RunCaseAsync(bases, session, seed);
            summary.Add(seed, outcome, detail);
            summary.SampleMemory(GC.GetTotalMemory(false));
        }

        summary.Seconds = clock.Elapsed.TotalSeconds;
        return summary;
    }

    public static async Task<(CaseOutcome Outcome, string Detail)> RunCaseAsync(
        IReadOnlyList<byte[]> bases, Func<Stream, CancellationToken, Task> session, int seed, TimeSpan? timeBound = null)
    {
        var limit = timeBound ?? CaseTimeBound;
        var data = ProtocolMutator.Mutate(seed, bases, out var applied);
        using var bound = new CancellationTokenSource(limit);
        var stream = new ReplayServerStream(data, seed);
        var run = Task.Run(() => session(stream, bound.Token), CancellationToken.None);
        try
        {
            await run.WaitAsync(limit * 2);
            return (CaseOutcome.Ok, applied);
        }
        catch (TimeoutException)
        {
            return (CaseOutcome.Hang, applied);
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested)
        {
            return (CaseOutcome.Hang, applied);
        }
        catch (MailException)
        {
            return (CaseOutcome.Typed, applied);
        }
        catch (Exception ex)
        {
            return (CaseOutcome.Other, $"{applied}: {ex.GetType().Name}: {ex.Message}");
        }
    }
}

internal enum CaseOutcome
{
    Ok,
    Typed,
    Other,
    Hang,
}

internal sealed class MutationSummary(string protocol)
{
    public int Cases { get; private set; }

    public int Ok { get; private set; }

    public int Typed { get; private set; }

    public int Other { get; private set; }

    public int Hangs { get; private set; }

    public long PeakHeapBytes { get; private set; }

    public double Seconds { get; set; }

    /// <summary>The first few seeds that did not end well, with what happened.</summary>
    public List<string> Failures { get; } = [];

    public void Add(int seed, CaseOutcome outcome, string detail)
    {
        Cases++;
        switch (outcome)
        {
            case CaseOutcome.Ok:
                Ok++;
                break;
            case CaseOutcome.Typed:
                Typed++;
                break;
            case CaseOutcome.Other:
                Other++;
                break;
            default:
                Hangs++;
                break;
        }

        if (outcome is CaseOutcome.Other or CaseOutcome.Hang && Failures.Count < 20)
        {
            Failures.Add($"seed {seed} ({outcome}): {detail}");
        }
    }

    public void SampleMemory(long heapBytes) => PeakHeapBytes = Math.Max(PeakHeapBytes, heapBytes);

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"mutation {protocol}: cases={Cases} typed_errors={Typed} ok={Ok} other={Other} hangs={Hangs} peak_mb={PeakHeapBytes / (1024.0 * 1024):F0} seconds={Seconds:F1}");
}
