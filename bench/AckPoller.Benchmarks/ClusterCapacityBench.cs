using System.Diagnostics;
using System.Globalization;

namespace AckPoller.Benchmarks;

/// <summary>`capacity`: how much one node holds. One real `ackpoller run` (SQLite) with A IMAP IDLE accounts (default
/// 200; every @sandbox.test address is a mailbox), one open alert per account. After every account's first run, the node
/// settles for S seconds (RSS sampled every 5 s), then one reply per account is sent, spread evenly over D seconds; each
/// reply's latency is its ack-log row's processed_at minus its 250 from Postfix. Prints steady RSS (end of settling, and
/// peak), the number of established IMAP connections of the process, and reply-to-ack median/p95/max.
/// Usage: capacity [--accounts 200] [--settle-seconds 120] [--spread-seconds 60] [--timeout-seconds 120]</summary>
internal static class ClusterCapacityBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var accounts = ClusterBench.IntOption(args, "--accounts", 200);
        var settle = TimeSpan.FromSeconds(ClusterBench.IntOption(args, "--settle-seconds", 120));
        var spread = TimeSpan.FromSeconds(ClusterBench.IntOption(args, "--spread-seconds", 60));
        var timeout = TimeSpan.FromSeconds(ClusterBench.IntOption(args, "--timeout-seconds", 120));

        await using var cluster = await ClusterNodes.CreateAsync("sqlite", accounts);
        var senders = Enumerable.Range(0, accounts).Select(i => EngineWorker.NewSender("cap" + i)).ToArray();
        var references = await cluster.RaiseAlertsAsync(senders);
        var started = Stopwatch.StartNew();
        var node = cluster.StartNode();
        var pid = node.Pid!.Value;
        try
        {
            await cluster.WaitForFirstRunsAsync(TimeSpan.FromSeconds(300));
        }
        catch (TimeoutException ex)
        {
            Console.WriteLine("// capacity: " + ex.Message);
        }

        var imaps = cluster.Settings.Ports.Imaps;
        Console.WriteLine($"// capacity: {cluster.FirstRuns}/{accounts} accounts had their first run after {started.Elapsed.TotalSeconds:0} s; " +
            $"IMAP connections {ImapConnections(pid, imaps)}; RSS {ClusterBench.RssMb(pid):0} MB; {ClusterBench.Load()}");

        var peak = 0.0;
        var settling = Stopwatch.StartNew();
        while (settling.Elapsed < settle)
        {
            peak = Math.Max(peak, ClusterBench.RssMb(pid));
            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        var steady = ClusterBench.RssMb(pid);
        peak = Math.Max(peak, steady);
        var connections = ImapConnections(pid, imaps);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"capacity RSS after {settle.TotalSeconds:0} s settling with {accounts} IDLE accounts: {steady:0} MB (peak while settling {peak:0} MB); established IMAP connections {connections}; {ClusterBench.Load()}"));

        var sentAt = new DateTimeOffset[accounts];
        var pause = spread / accounts;
        var sending = Stopwatch.StartNew();
        await using (var injector = await EngineMailInjector.ConnectAsync(cluster.Settings))
        {
            for (var i = 0; i < accounts; i++)
            {
                var due = pause * i;
                if (due > sending.Elapsed)
                {
                    await Task.Delay(due - sending.Elapsed);
                }

                await injector.SendAsync(senders[i], cluster.Mailboxes[i], $"RE: [{references[i]}] Bench alert {i} on host{i % 50:00}", "ack");
                sentAt[i] = DateTimeOffset.UtcNow;
            }
        }

        var wait = Stopwatch.StartNew();
        Dictionary<string, DateTimeOffset> applied;
        while (true)
        {
            applied = await cluster.AppliedAtAsync();
            if (applied.Count >= accounts || wait.Elapsed > timeout || node.HasExited)
            {
                break;
            }

            await Task.Delay(250);
        }

        var latencies = new List<double>();
        for (var i = 0; i < accounts; i++)
        {
            if (applied.TryGetValue(references[i].ToString(), out var at))
            {
                latencies.Add((at - sentAt[i]).TotalMilliseconds);
            }
        }

        var after = node.HasExited ? double.NaN : ClusterBench.RssMb(pid);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"capacity reply-to-ack over {accounts} accounts (one reply each, spread over {spread.TotalSeconds:0} s): acknowledged {latencies.Count}/{accounts}; " +
            $"median {ClusterBench.Percentile(latencies, 50):0} ms, p95 {ClusterBench.Percentile(latencies, 95):0} ms, max {(latencies.Count == 0 ? double.NaN : latencies.Max()):0} ms; " +
            $"RSS after the replies {after:0} MB; {ClusterBench.Load()}"));
        return latencies.Count == accounts ? 0 : 1;
    }

    /// <summary>Established TCP connections of the process to the IMAP(S) port (its socket inodes matched in /proc/net/tcp*).</summary>
    private static int ImapConnections(int pid, int port)
    {
        var inodes = new HashSet<string>();
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target[8..^1]);
                }
            }
        }
        catch (IOException)
        {
            return -1;
        }

        var hexPort = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        var count = 0;
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length > 9 && f[2].EndsWith(hexPort, StringComparison.Ordinal) && f[3] == "01" && inodes.Contains(f[9]))
                {
                    count++;
                }
            }
        }

        return count;
    }
}
