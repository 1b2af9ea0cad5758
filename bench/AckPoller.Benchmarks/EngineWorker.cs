using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using AckPoller.NodeHarness;
using AckPoller.Sandbox;

namespace AckPoller.Benchmarks;

/// <summary>The real worker as deployed: `dotnet ackpoller.dll run --config …` (built from src/AckPoller in the same
/// configuration), one password account on the sandbox Dovecot. Each reply's ack-log row is seen through the recorder's
/// log line, written right after its transaction commits ("… from &lt;sender&gt;: …"). The process is a one-node
/// <see cref="AckPollerCluster"/>, which owns the run's folder.</summary>
internal sealed partial class EngineWorker : IAsyncDisposable
{
    public const string SenderDomain = "bench.contoso.example";
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly TaskCompletionSource _firstPoll = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly AckPollerCluster _cluster;

    private EngineWorker(SandboxSettings settings, string mailbox, string folder, string config)
    {
        Settings = settings;
        Mailbox = mailbox;
        _cluster = new AckPollerCluster(folder, new NodeLaunch(ClusterBench.WorkerDll(), config, new Dictionary<string, string>
        {
            ["ACKPOLLER_BENCH_PASSWORD"] = settings.Password,
        }), onLine: (_, line) => OnLine(line));
    }

    public SandboxSettings Settings { get; }

    /// <summary>The monitored mailbox replies are delivered to.</summary>
    public string Mailbox { get; }

    /// <summary>Starts the worker on a fresh mailbox with IMAP IDLE (polling every hour) or polling every second without IDLE,
    /// and waits for its first poll.</summary>
    public static async Task<EngineWorker> StartAsync(bool idle)
    {
        var settings = SandboxSettings.Load();
        var mailbox = settings.NewAddress(idle ? "bench-idle" : "bench-poll");
        var folder = NodeConfig.NewFolder("ackpoller-bench-engine");
        var config = Path.Combine(folder, "appsettings.json");
        var polling = idle ? """{ "Interval": "01:00:00", "Idle": true }""" : """{ "Interval": "00:00:01", "Idle": false }""";

        // Replies match no alert here (the benchmark project does not reference the store to raise one), so each one is
        // recorded as Rejected without an answer: the same fetch → parse → analyze → authorize → record → move path.
        await File.WriteAllTextAsync(config, $$"""
            {
              "Storage": { "DatabasePath": "{{Path.Combine(folder, "ackpoller.db")}}" },
              "TokenCache": { "KeyEnv": "", "KeyFile": "{{Path.Combine(folder, "keys", "cache.key")}}" },
              "Auth": { "ExtraCaFile": "{{settings.CaFile}}" },
              "Alerts": { "SendRejectionReplies": false, "MessageIdDomain": "ackpoller.bench.test" },
              "Replies": { "LockoutThreshold": 1000000 },
              "Accounts": [ {
                "Name": "bench", "Mailbox": "{{mailbox}}", "Protocol": "Imap",
                "IncomingServer": "imaps://{{settings.Host}}:{{settings.Ports.Imaps}}",
                "AuthKind": "Password", "PasswordEnv": "ACKPOLLER_BENCH_PASSWORD",
                "Processing": { "ProcessExistingMail": true, "FetchBatchSize": 100 },
                "Polling": {{polling}} } ]
            }
            """);
        var worker = new EngineWorker(settings, mailbox, folder, config);
        worker._cluster.StartNode();
        await worker._firstPoll.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return worker;
    }

    /// <summary>A task completing with the Stopwatch timestamp at which the reply from <paramref name="sender"/> was recorded.</summary>
    public Task<long> WhenRecorded(string sender) =>
        _waiters.GetOrAdd(sender, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public static string NewSender(string prefix) => $"{prefix}-{Guid.NewGuid():N}@{SenderDomain}";

    private void OnLine(string line)
    {
        var now = Stopwatch.GetTimestamp();
        if (line.Contains("first run on", StringComparison.Ordinal))
        {
            _firstPoll.TrySetResult();
        }

        var match = Recorded().Match(line);
        if (match.Success)
        {
            _waiters.GetOrAdd(match.Groups[1].Value, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(now);
        }
    }

    [GeneratedRegex(@"AckRecorder.* from ([^\s:]+@bench\.contoso\.example):", RegexOptions.CultureInvariant)]
    private static partial Regex Recorded();

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();
}
