using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace AckPoller.Integration.Tests.Cluster;

/// <summary>The chaos run: 3 real `ackpoller run` nodes on one PostgreSQL database watch 8 sandbox mailboxes (4 IMAP with
/// IDLE, 2 IMAP polling, 2 POP3) while the test sends 640 replies over about a minute, each acknowledging or resolving
/// its own open alert, and a bounded loop kills (SIGKILL) a random node every 6–10 s (seeded) and restarts it. After the
/// cluster settles: no reply lost (every reply has an Applied ack-log row), none applied twice, every acknowledgement's
/// confirmation delivered to the responder's mailbox; duplicate deliveries of a confirmation (same Message-ID) are
/// counted and reported (delivery is at least once). Prints one line `chaos: replies=N lost=0 double_applied=0
/// lost_confirmations=0 duplicate_confirmations=K failover_p95_s=X` to the console and appends it to the file
/// ACKPOLLER_TEST_REPORT names (tests/run.sh shows it in the CI log).</summary>
[Collection(PostgresCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class ChaosTests(PostgresServer server, ITestOutputHelper output)
{
    private const int Nodes = 3;
    private const int Replies = 640;
    private const int Seed = 20261206;
    private const int MaxKills = 8;
    private static readonly TimeSpan SendingPeriod = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SettleBudget = TimeSpan.FromSeconds(100);

    /// <summary>A killed node stays down until another node has acknowledged a reply to one of its IDLE accounts (so the
    /// failover is measured on another node), at most this long.</summary>
    private static readonly TimeSpan MaxDowntime = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Three_nodes_killed_at_random_lose_no_reply_apply_none_twice_and_confirm_every_acknowledgement()
    {
        var clock = Stopwatch.StartNew();
        ClusterAccountKind[] kinds =
        [
            ClusterAccountKind.ImapIdle, ClusterAccountKind.ImapIdle, ClusterAccountKind.ImapIdle, ClusterAccountKind.ImapIdle,
            ClusterAccountKind.ImapPolling, ClusterAccountKind.ImapPolling,
            ClusterAccountKind.Pop3, ClusterAccountKind.Pop3,
        ];
        await using var world = await ClusterWorld.CreateAsync(server, kinds, Log);

        // One open alert per reply, each with that account's responder as its recipient.
        var alerts = new List<(ClusterAccount Account, AckPoller.Core.Alerts.Alert Alert)>();
        for (var i = 0; i < Replies; i++)
        {
            var account = world.Accounts[i % world.Accounts.Count];
            alerts.Add((account, await world.RegisterAlertAsync(account, $"chaos alert {i}")));
        }

        Log($"{Replies} alerts registered at {clock.Elapsed.TotalSeconds:F1} s");
        await world.StartNodesAsync(Nodes, TimeSpan.FromSeconds(60));
        var ownership = await WaitForIdleOwnershipAsync(world);
        var owners = await world.IdleOwnersAsync();
        Log($"nodes up at {clock.Elapsed.TotalSeconds:F1} s; IDLE ownership {(ownership ? "visible in pg_locks" : "NOT visible: failover measured on any IDLE account")}: " +
            string.Join(", ", owners.Select(o => $"{o.Key} → node {world.Cluster.NodeById(o.Value)?.Index.ToString(CultureInfo.InvariantCulture) ?? o.Value}")));

        var sent = new List<SentReply>();
        using var sendingDone = new CancellationTokenSource();
        var sending = Task.Run(async () =>
        {
            await using var sender = world.OpenReplySender();
            var start = Stopwatch.StartNew();
            for (var i = 0; i < Replies; i++)
            {
                // Paced over the sending period; a slow moment is caught up, never skipped.
                var due = SendingPeriod * i / Replies;
                if (due > start.Elapsed)
                {
                    await Task.Delay(due - start.Elapsed);
                }

                var (account, alert) = alerts[i];
                var reply = await sender.SendAsync(account, alert, i % 3 == 2 ? "resolve" : "ack", default);
                lock (sent)
                {
                    sent.Add(reply);
                }
            }

            await sendingDone.CancelAsync();
        });

        var kills = await ChaosLoopAsync(world, sent, ownership, sendingDone.Token);
        await sending;
        Log($"{sent.Count} replies sent, {kills.Count} kills, at {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var node in world.Nodes.Where(n => !n.IsRunning))
        {
            world.Cluster.Start(node);
        }

        // Settle (bounded, one budget for all three): every reply in the ack log, the outbox empty, every confirmation
        // delivered. With the other bounds (start 60 s, ownership 30 s, sending and kills about 80 s) the test stays
        // under 5 minutes even when nothing settles.
        var ids = sent.Select(r => r.MessageId).ToHashSet(StringComparer.Ordinal);
        var settling = Stopwatch.StartNew();
        TimeSpan Left() => TimeSpan.FromSeconds(Math.Max(1, SettleBudget.TotalSeconds - settling.Elapsed.TotalSeconds));
        await WaitQuietlyAsync(world, async () => (await world.AckRowsAsync()).Where(r => ids.Contains(r.SourceMessageId)).Select(r => r.SourceMessageId).Distinct().Count() >= ids.Count, Left());
        Log($"ack log settled at {clock.Elapsed.TotalSeconds:F1} s");
        await WaitQuietlyAsync(world, async () => (await world.OutboxBacklogAsync()).Unsent == 0, Left());
        var rows = (await world.AckRowsAsync()).Where(r => ids.Contains(r.SourceMessageId)).ToList();
        var applied = rows.Where(r => r.Outcome == "Applied").GroupBy(r => r.SourceMessageId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        await WaitQuietlyAsync(world, () => Task.FromResult(Confirmations(world, sent).Keys.Count(applied.ContainsKey) >= applied.Count), Left());
        await Task.Delay(TimeSpan.FromSeconds(3)); // a duplicate still in Postfix's queue is counted too
        Log($"confirmations settled at {clock.Elapsed.TotalSeconds:F1} s");

        var confirmations = Confirmations(world, sent);
        var lost = sent.Count(r => !applied.ContainsKey(r.MessageId));
        var doubleApplied = applied.Count(a => a.Value > 1);
        var lostConfirmations = applied.Keys.Count(id => !confirmations.ContainsKey(id));
        var duplicateConfirmations = confirmations.Values.SelectMany(byMessageId => byMessageId.Values).Sum(n => n - 1);
        var distinctConfirmationsPerReply = confirmations.Values.Count(byMessageId => byMessageId.Count > 1);
        var failovers = await FailoverSamplesAsync(world, sent, kills);
        var p95 = Percentile95(failovers);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"chaos: replies={sent.Count} lost={lost} double_applied={doubleApplied} lost_confirmations={lostConfirmations} duplicate_confirmations={duplicateConfirmations} failover_p95_s={(p95 is { } p ? p.ToString("F1", CultureInfo.InvariantCulture) : "n/a")}");
        Log($"failover samples (s): {string.Join(", ", failovers.Select(f => f.ToString("F1", CultureInfo.InvariantCulture)))}; " +
            $"kills: {string.Join(", ", kills.Select(k => $"node {k.Node.Index} at +{(k.At - kills[0].At).TotalSeconds:F1} s owning [{string.Join(' ', k.IdleAccounts)}]"))}; " +
            $"other ack-log rows: {rows.Count(r => r.Outcome != "Applied")}; replies with more than one distinct confirmation: {distinctConfirmationsPerReply}; total {clock.Elapsed.TotalSeconds:F0} s");
        Report(line);

        Assert.True(kills.Count >= 3, $"only {kills.Count} kills happened");
        Assert.Equal(Replies, sent.Count);
        Assert.True(lost == 0, line + "\nlost: " + string.Join(", ", sent.Where(r => !applied.ContainsKey(r.MessageId)).Take(10).Select(r => $"{r.MessageId} ({r.Account.Name})")) + "\n" + world.Cluster.Tails());
        Assert.True(doubleApplied == 0, line);
        Assert.True(lostConfirmations == 0, line + $"\nconfirmation backlog: {await world.OutboxBacklogAsync()}");
    }

    /// <summary>One kill: the node, the moment before SIGKILL, the IDLE accounts it owned (pg_locks) just before, and the
    /// failover time observed while it was down (null when none was seen within <see cref="MaxDowntime"/>).</summary>
    private sealed record Kill(AckPollerNode Node, DateTimeOffset At, IReadOnlyList<string> IdleAccounts, double? Failover);

    /// <summary>While replies are being sent: every 6–10 s (seeded) kill -9 a random running node, keep it down until
    /// another node acknowledged a reply sent after the kill to one of its IDLE accounts (at most <see cref="MaxDowntime"/>),
    /// then start it again. At most <see cref="MaxKills"/> kills.</summary>
    private async Task<List<Kill>> ChaosLoopAsync(ClusterWorld world, List<SentReply> sent, bool ownership, CancellationToken sendingDone)
    {
        var random = new Random(Seed);
        var kills = new List<Kill>();
        var next = Stopwatch.StartNew();
        var wait = TimeSpan.FromSeconds(3);
        var sending = Stopwatch.StartNew();
        while (kills.Count < MaxKills && !sendingDone.IsCancellationRequested && sending.Elapsed < SendingPeriod - TimeSpan.FromSeconds(3))
        {
            if (next.Elapsed < wait)
            {
                await Task.WhenAny(Task.Delay(wait - next.Elapsed, CancellationToken.None), Task.Delay(Timeout.Infinite, sendingDone));
                continue;
            }

            world.Cluster.ThrowIfANodeDied();
            var running = world.Nodes.Where(n => n.IsRunning).ToList();
            var victim = running[random.Next(running.Count)];
            var owners = await world.IdleOwnersAsync();
            var idle = world.Accounts.Where(a => a.Kind == ClusterAccountKind.ImapIdle).Select(a => a.Name).ToList();
            var watched = ownership
                ? owners.Where(o => world.Cluster.NodeById(o.Value) == victim).Select(o => o.Key).ToList()
                : idle; // without ownership every node watches every IDLE account
            next.Restart();
            wait = TimeSpan.FromMilliseconds(random.Next(6000, 10001));
            var at = await world.Cluster.KillAsync(victim);
            double? failover = null;
            var down = Stopwatch.StartNew();
            while (watched.Count > 0 && down.Elapsed < MaxDowntime)
            {
                if (await FirstAckAfterAsync(world, sent, watched, at) is { } first)
                {
                    failover = (first - at).TotalSeconds;
                    break;
                }

                if (sendingDone.IsCancellationRequested && !AnySentAfter(sent, watched, at))
                {
                    break; // the last reply went out before the kill: nothing to measure this failover with
                }

                await Task.Delay(100, CancellationToken.None);
            }

            kills.Add(new Kill(victim, at, watched, failover));
            Log($"kill {kills.Count}: node {victim.Index} owned [{string.Join(' ', watched)}]; failover {(failover is { } f ? f.ToString("F1", CultureInfo.InvariantCulture) + " s" : "not seen")}");
            world.Cluster.Start(victim);
        }

        return kills;
    }

    private static bool AnySentAfter(List<SentReply> sent, IReadOnlyList<string> accounts, DateTimeOffset after)
    {
        lock (sent)
        {
            return sent.Any(r => r.SentAt > after && accounts.Contains(r.Account.Name));
        }
    }

    /// <summary>The first acknowledgement recorded for a reply sent after <paramref name="after"/> to one of <paramref name="accounts"/>.</summary>
    private static async Task<DateTimeOffset?> FirstAckAfterAsync(ClusterWorld world, List<SentReply> sent, IReadOnlyList<string> accounts, DateTimeOffset after)
    {
        HashSet<string> candidates;
        lock (sent)
        {
            candidates = sent.Where(r => r.SentAt > after && accounts.Contains(r.Account.Name)).Select(r => r.MessageId).ToHashSet(StringComparer.Ordinal);
        }

        if (candidates.Count == 0)
        {
            return null;
        }

        var first = (await world.AckRowsAsync(after)).Where(r => r.Outcome == "Applied" && candidates.Contains(r.SourceMessageId)).MinBy(r => r.ProcessedAt);
        return first?.ProcessedAt;
    }

    /// <summary>failover_p95_s is the nearest-rank p95 of these samples. Per kill of a node that owned IDLE accounts: the time
    /// from just before the SIGKILL to the first acknowledgement (ack_log.processed_at, outcome Applied) of a reply sent after
    /// the kill to an account the killed node watched with IDLE. The killed node stays down until then, so another node
    /// recorded it. Ownership (<see cref="ClusterWorld.IdleOwnersAsync"/>, read just before the kill) is a granted
    /// session-level advisory lock with classid 0x41636B50 and objid = the first 4 bytes of SHA-256(UTF-8 account name)
    /// as a big-endian int32, held by a backend whose application_name is `ackpoller-node:&lt;nodeId&gt;`. Without any such
    /// lock (a build without IDLE ownership, where every node watches every IDLE account) the sample is the first
    /// acknowledgement on any IDLE account. The time includes waiting for the next reply to that account (one every
    /// 0.8 s). When none was seen within <see cref="MaxDowntime"/>, the sample is the first such acknowledgement recorded at
    /// all, which may then come from the restarted node.</summary>
    private static async Task<List<double>> FailoverSamplesAsync(ClusterWorld world, List<SentReply> sent, List<Kill> kills)
    {
        var samples = new List<double>();
        foreach (var kill in kills.Where(k => k.IdleAccounts.Count > 0))
        {
            if (kill.Failover is { } seen)
            {
                samples.Add(seen);
            }
            else if (await FirstAckAfterAsync(world, sent, kill.IdleAccounts, kill.At) is { } late)
            {
                samples.Add((late - kill.At).TotalSeconds);
            }
        }

        return samples;
    }

    /// <summary>Nearest-rank 95th percentile.</summary>
    private static double? Percentile95(List<double> samples)
    {
        if (samples.Count == 0)
        {
            return null;
        }

        var sorted = samples.Order().ToList();
        return sorted[Math.Max(0, (int)Math.Ceiling(0.95 * sorted.Count) - 1)];
    }

    /// <summary>Per reply (Message-ID): the confirmations delivered to its responder threaded under it, by the
    /// confirmation's own Message-ID → number of deliveries.</summary>
    private static Dictionary<string, Dictionary<string, int>> Confirmations(ClusterWorld world, List<SentReply> sent)
    {
        var ids = sent.Select(r => r.MessageId).ToHashSet(StringComparer.Ordinal);
        var result = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var responder in world.Accounts.Select(a => a.Responder))
        {
            foreach (var message in world.Delivered(responder))
            {
                foreach (var reply in message.InReplyTo.Where(ids.Contains))
                {
                    if (!result.TryGetValue(reply, out var byMessageId))
                    {
                        result[reply] = byMessageId = new Dictionary<string, int>(StringComparer.Ordinal);
                    }

                    var key = message.MessageId ?? message.File;
                    byMessageId[key] = byMessageId.GetValueOrDefault(key) + 1;
                }
            }
        }

        return result;
    }

    /// <summary>Waits (bounded) for the cluster to settle; the figures computed afterwards say what did not.</summary>
    private async Task WaitQuietlyAsync(ClusterWorld world, Func<Task<bool>> condition, TimeSpan timeout)
    {
        try
        {
            await world.WaitUntilAsync(condition, timeout, "the cluster to settle");
        }
        catch (TimeoutException)
        {
            Log($"did not settle within {timeout}");
        }
    }

    /// <summary>Waits (bounded) until every IDLE account has an owner in pg_locks; false when no ownership shows at all.</summary>
    private static async Task<bool> WaitForIdleOwnershipAsync(ClusterWorld world)
    {
        var idle = world.Accounts.Count(a => a.Kind == ClusterAccountKind.ImapIdle);
        var waited = Stopwatch.StartNew();
        var owned = 0;
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            owned = (await world.IdleOwnersAsync()).Count;
            if (owned >= idle || (owned == 0 && waited.Elapsed > TimeSpan.FromSeconds(15)))
            {
                break;
            }

            await Task.Delay(250);
        }

        return owned > 0;
    }

    private void Log(string line)
    {
        try
        {
            output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {line}");
        }
        catch (InvalidOperationException)
        {
            // Written after the test ended (a late callback): nowhere to go.
        }
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
        if (Environment.GetEnvironmentVariable("ACKPOLLER_TEST_REPORT") is { Length: > 0 } report)
        {
            File.AppendAllText(report, line + Environment.NewLine);
        }
    }
}
