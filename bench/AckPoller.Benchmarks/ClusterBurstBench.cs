using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace AckPoller.Benchmarks;

/// <summary>`burst`: a burst of real acknowledgements. R open alerts (default 1,000), one reply per alert from its only
/// recipient, handed to the sandbox Postfix (plain injection port) over P parallel SMTP sessions, spread round-robin over
/// K IMAP IDLE accounts, against N real `ackpoller run` nodes on one store. Measures the time from the first reply's 250
/// to the last acknowledgement recorded (ack_log.processed_at of the last Applied row) and to the last confirmation the
/// SMTP server accepted (outbox.sent_at of the last Confirmation marked Sent).
/// Usage: burst [--store sqlite|pg] [--nodes 1] [--replies 1000] [--accounts 10] [--sessions 4]
///   [--outbox-interval 00:00:01] [--outbox-batch 1000] [--timeout-seconds 240]</summary>
internal static class ClusterBurstBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var store = ClusterBench.Option(args, "--store", "sqlite");
        var nodes = ClusterBench.IntOption(args, "--nodes", 1);
        var replies = ClusterBench.IntOption(args, "--replies", 1000);
        var accounts = ClusterBench.IntOption(args, "--accounts", 10);
        var sessions = ClusterBench.IntOption(args, "--sessions", 4);
        var interval = ClusterBench.Option(args, "--outbox-interval", "00:00:01");
        var batch = ClusterBench.IntOption(args, "--outbox-batch", 1000);
        var timeout = TimeSpan.FromSeconds(ClusterBench.IntOption(args, "--timeout-seconds", 240));
        var label = $"{nodes} node{(nodes == 1 ? "" : "s")} {(store == "pg" ? "PostgreSQL" : "SQLite")}";

        await using var cluster = await ClusterNodes.CreateAsync(store, accounts,
            new JsonObject { ["OutboxInterval"] = interval },
            new JsonObject { ["OutboxBatchSize"] = batch });
        var senders = Enumerable.Range(0, replies).Select(i => EngineWorker.NewSender("burst" + i)).ToArray();
        var references = await cluster.RaiseAlertsAsync(senders);

        var started = Stopwatch.StartNew();
        cluster.StartNode();
        await cluster.WaitForFirstRunsAsync(TimeSpan.FromSeconds(120));
        for (var i = 1; i < nodes; i++)
        {
            cluster.StartNode();
        }

        // The other nodes: give them the time to start, join the scheduler cluster and open their IDLE sessions.
        await Task.Delay(TimeSpan.FromSeconds(nodes > 1 ? 20 : 3));
        Console.WriteLine($"// burst {label}: {replies} alerts, {accounts} IDLE accounts, {nodes} node(s) up in {started.Elapsed.TotalSeconds:0.0} s; Alerts:OutboxBatchSize {batch}, Scheduling:OutboxInterval {interval}; {ClusterBench.Load()}");

        var owners = await cluster.IdleOwnersAsync();
        if (owners.Length > 0)
        {
            Console.WriteLine($"// burst {label}: IDLE locks held per node before the burst: {owners}");
        }

        DateTimeOffset? first = null;
        var last = DateTimeOffset.MinValue;
        var gate = new object();
        var inject = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, sessions).Select(async s =>
        {
            await using var injector = await EngineMailInjector.ConnectAsync(cluster.Settings);
            for (var i = s; i < replies; i += sessions)
            {
                await injector.SendAsync(senders[i], cluster.Mailboxes[i % accounts], $"RE: [{references[i]}] Bench alert {i} on host{i % 50:00}", "ack");
                lock (gate)
                {
                    first ??= DateTimeOffset.UtcNow;
                    last = DateTimeOffset.UtcNow;
                }
            }
        }));
        var injected = inject.Elapsed;

        var wait = Stopwatch.StartNew();
        ClusterNodes.Progress progress;
        while (true)
        {
            progress = await cluster.ProgressAsync();
            if ((progress.Applied - progress.DoubleApplied >= replies && progress.Sent - progress.DuplicateConfirmations >= replies) || wait.Elapsed > timeout)
            {
                break;
            }

            if (cluster.Nodes.FirstOrDefault(n => n.HasExited) is { } dead)
            {
                Console.WriteLine($"// burst {label}: a node exited with {dead.ExitCode}");
                break;
            }

            await Task.Delay(200);
        }

        var complete = progress.Applied - progress.DoubleApplied >= replies && progress.Sent - progress.DuplicateConfirmations >= replies;

        // Late duplicates (another node applying or sending the same one again) would show up within a few seconds.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var settled = await cluster.ProgressAsync();
        var toAck = progress.LastApplied is { } a ? (a - first!.Value).TotalSeconds : double.NaN;
        var lastToAck = progress.LastApplied is { } la ? (la - last).TotalSeconds : double.NaN;
        var toSent = progress.LastSent is { } c ? (c - first!.Value).TotalSeconds : double.NaN;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"burst {label,-16} replies {replies} handed to Postfix in {injected.TotalSeconds:0.00} s; applied {progress.Applied}, other outcomes {progress.Other}, confirmations sent {progress.Sent}; " +
            $"double-applied {settled.DoubleApplied}, duplicate confirmations {settled.DuplicateConfirmations} (3 s later); " +
            $"first 250 -> last ack {toAck:0.00} s, -> last confirmation accepted {toSent:0.00} s; last 250 -> last ack {lastToAck:0.00} s; applied per node {cluster.AppliedPerNode()}{(complete ? "" : $" (INCOMPLETE after {timeout.TotalSeconds:0} s)")}; {ClusterBench.Load()}"));
        return complete ? 0 : 1;
    }
}
