using System.Diagnostics;
using System.Globalization;
using AckPoller.Core.Cluster;
using AckPoller.NodeHarness;
using Npgsql;

namespace AckPoller.Benchmarks;

/// <summary>`failover`: N real `ackpoller run` nodes (default 3) on one PostgreSQL database, one IMAP IDLE account
/// (polled every 5 minutes otherwise). Each round: find the node holding the account's IDLE ownership lock (pg_locks,
/// advisory lock class 0x41636B50, application_name "ackpoller-node:&lt;host&gt;-&lt;pid&gt;-…"), kill -9 it, at once send a
/// reply to an open alert, and measure from the kill until another node holds the lock (takeover) and until the reply's
/// acknowledgement is recorded (ack_log.processed_at). The killed node is replaced by a new one before the next round.
/// Prints every round and the median/p95/max. Usage: failover [--nodes 3] [--rounds 10] [--timeout-seconds 60]</summary>
internal static class ClusterFailoverBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var nodes = ClusterBench.IntOption(args, "--nodes", 3);
        var rounds = ClusterBench.IntOption(args, "--rounds", 10);
        var timeout = TimeSpan.FromSeconds(ClusterBench.IntOption(args, "--timeout-seconds", 60));
        await using var cluster = await ClusterNodes.CreateAsync("pg", 1);
        var senders = Enumerable.Range(0, rounds).Select(i => EngineWorker.NewSender("failover" + i)).ToArray();
        var references = await cluster.RaiseAlertsAsync(senders);
        var live = new List<AckPollerNode> { cluster.StartNode() };
        await cluster.WaitForFirstRunsAsync(TimeSpan.FromSeconds(120));
        for (var i = 1; i < nodes; i++)
        {
            live.Add(cluster.StartNode());
        }

        var key = IdleLockKey.ObjectId("a0");
        var toAck = new List<double>();
        var takeovers = new List<double>();
        var failures = 0;
        Console.WriteLine($"// failover: {nodes} nodes, 1 IDLE account, {rounds} rounds; {ClusterBench.Load()}");
        for (var round = 0; round < rounds; round++)
        {
            // A settled owner: the same live node holds the lock for 3 s in a row (joins rebalance ownership).
            var owner = await SettledOwnerAsync(cluster.PgConnectionString!, key, live, TimeSpan.FromSeconds(120));
            if (owner is null)
            {
                Console.WriteLine($"failover round {round + 1}: no node took the IDLE lock within 120 s");
                failures++;
                continue;
            }

            var killing = owner.KillAsync(); // SIGKILL, sent before KillAsync returns; awaited below
            var killed = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            await using (var injector = await EngineMailInjector.ConnectAsync(cluster.Settings))
            {
                await injector.SendAsync(senders[round], cluster.Mailboxes[0], $"RE: [{references[round]}] Bench alert {round} on host{round % 50:00}", "ack");
            }

            double? takeover = null;
            DateTimeOffset? ackedAt = null;
            while (clock.Elapsed < timeout && (takeover is null || ackedAt is null))
            {
                if (takeover is null && await HolderPidAsync(cluster.PgConnectionString!, key) is { } pid && pid != owner.Pid)
                {
                    takeover = clock.Elapsed.TotalSeconds;
                }

                if (ackedAt is null && (await cluster.AppliedAtAsync()).TryGetValue(references[round].ToString(), out var at))
                {
                    ackedAt = at;
                }

                await Task.Delay(100);
            }

            var seconds = ackedAt is { } a ? (a - killed).TotalSeconds : double.NaN;
            if (ackedAt is not null)
            {
                toAck.Add(seconds);
            }
            else
            {
                failures++;
            }

            if (takeover is { } t)
            {
                takeovers.Add(t);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"failover round {round + 1}: killed node pid {owner.Pid}; lock taken over after {(takeover is null ? "-" : takeover.Value.ToString("0.0", CultureInfo.InvariantCulture))} s; reply acknowledged {(ackedAt is null ? "NOT within " + timeout.TotalSeconds + " s" : seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s")} after the kill; {ClusterBench.Load()}"));
            await killing;
            live.Remove(owner);
            live.Add(cluster.StartNode());
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"failover {nodes} nodes PostgreSQL: kill -9 of the IDLE owner -> reply acknowledged by another node over {toAck.Count}/{rounds} rounds: median {ClusterBench.Percentile(toAck, 50):0.0} s, p95 {ClusterBench.Percentile(toAck, 95):0.0} s, max {(toAck.Count == 0 ? double.NaN : toAck.Max()):0.0} s; " +
            $"lock takeover median {ClusterBench.Percentile(takeovers, 50):0.0} s, p95 {ClusterBench.Percentile(takeovers, 95):0.0} s; failed rounds {failures}; {ClusterBench.Load()}"));
        return failures == 0 ? 0 : 1;
    }

    private static async Task<AckPollerNode?> SettledOwnerAsync(string connectionString, int key, List<AckPollerNode> live, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        int? last = null;
        var since = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var pid = await HolderPidAsync(connectionString, key);
            if (pid != last)
            {
                last = pid;
                since.Restart();
            }
            else if (pid is { } p && since.Elapsed > TimeSpan.FromSeconds(3) && live.FirstOrDefault(x => x.Pid == p && x.IsRunning) is { } node)
            {
                return node;
            }

            await Task.Delay(200);
        }

        return null;
    }

    /// <summary>The OS process id of the node holding the account's IDLE lock (from its node id host-pid-random), or null.</summary>
    private static async Task<int?> HolderPidAsync(string connectionString, int key)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(PostgreSqlIdleLocks.HoldersSql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (IdleLockKey.FromOid(reader.GetInt64(0)) == key)
            {
                var parts = PostgreSqlIdleLocks.NodeOf(reader.GetString(1)).Split('-');
                return parts.Length >= 3 && int.TryParse(parts[^2], CultureInfo.InvariantCulture, out var pid) ? pid : null;
            }
        }

        return null;
    }
}
