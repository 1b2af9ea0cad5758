using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace AckPoller.Benchmarks;

/// <summary>A burst of 1,000 replies handed to Postfix as fast as one SMTP session goes, against the real worker with
/// IMAP IDLE: the time from the first reply's 250 until all 1,000 are in the ack log.</summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 2, invocationCount: 1)]
public class EngineBurstBenchmarks
{
    private const int Replies = 1000;
    private readonly List<double> _totals = [];
    private EngineWorker _worker = null!;

    [GlobalSetup]
    public async Task SetupAsync() => _worker = await EngineWorker.StartAsync(idle: true);

    [Benchmark(Description = "1,000 replies → all in the ack log")]
    public async Task<double> Burst()
    {
        var senders = Enumerable.Range(0, Replies).Select(i => EngineWorker.NewSender("burst" + i)).ToArray();
        var recorded = senders.Select(_worker.WhenRecorded).ToArray();
        long first = 0;
        await using (var injector = await EngineMailInjector.ConnectAsync(_worker.Settings))
        {
            foreach (var sender in senders)
            {
                await injector.SendAsync(sender, _worker.Mailbox, "RE: [AP-7K3QZ9] Disk full on db01", "ack");
                if (first == 0)
                {
                    first = Stopwatch.GetTimestamp();
                }
            }
        }

        var injected = Stopwatch.GetElapsedTime(first).TotalMilliseconds;
        var last = (await Task.WhenAll(recorded).WaitAsync(TimeSpan.FromMinutes(5))).Max();
        var total = Stopwatch.GetElapsedTime(first, last).TotalMilliseconds;
        Console.WriteLine($"// burst: {Replies} handed to Postfix in {injected:0} ms; all in the ack log {total:0} ms after the first 250");
        _totals.Add(total);
        return total;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _worker.DisposeAsync();
        Console.WriteLine(EngineStatistics.Describe("// burst of 1,000 (first 250 → last row)", _totals.TakeLast(2).ToList()));
    }
}
