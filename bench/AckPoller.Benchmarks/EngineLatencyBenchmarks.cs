using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace AckPoller.Benchmarks;

/// <summary>Reply-to-ack latency of the real worker (`ackpoller run` as a process): from Postfix's 250 for the reply to
/// the reply's row in the ack log, with IMAP IDLE and with polling every second. One reply per invocation; the
/// percentiles of the 250→row time itself are printed at the end (BenchmarkDotNet's times include the SMTP conversation).</summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 30, invocationCount: 1)]
public class EngineLatencyBenchmarks
{
    private readonly List<double> _latencies = [];
    private EngineWorker _worker = null!;
    private EngineMailInjector _injector = null!;

    [Params(true, false)]
    public bool Idle { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _worker = await EngineWorker.StartAsync(Idle);
        _injector = await EngineMailInjector.ConnectAsync(_worker.Settings);
    }

    [Benchmark(Description = "reply → ack log row")]
    public async Task<double> Reply_to_ack()
    {
        var sender = EngineWorker.NewSender("lat");
        var recorded = _worker.WhenRecorded(sender);
        await _injector.SendAsync(sender, _worker.Mailbox, "RE: [AP-7K3QZ9] Disk full on db01", "ack, looking at it");
        var accepted = Stopwatch.GetTimestamp();
        var at = await recorded.WaitAsync(TimeSpan.FromSeconds(30));
        var ms = Stopwatch.GetElapsedTime(accepted, at).TotalMilliseconds;
        _latencies.Add(ms);
        return ms;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _injector.DisposeAsync();
        await _worker.DisposeAsync();
        Console.WriteLine(EngineStatistics.Describe($"// reply→ack (250 → log row), {(Idle ? "IDLE" : "polling 1 s")}", _latencies.TakeLast(30).ToList()));
    }
}
