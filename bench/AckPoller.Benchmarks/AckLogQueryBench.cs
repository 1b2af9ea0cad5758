using System.Diagnostics;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage;
using AckPoller.Core.Storage.PostgreSql;
using AckPoller.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace AckPoller.Benchmarks;

/// <summary>`acklog`: the ack-log queries the CLI (`ackpoller acks`) and the API (`GET /api/acks`) run, through the real
/// store classes (SqliteAckLogStore, PostgreSqlAckLogStore: QueryAsync, as AcksCommand and AckLogEndpoints call it), over a
/// log of N rows (default 1,000,000) bulk-loaded into a freshly migrated database: SQLite in one transaction, PostgreSQL
/// with binary COPY. In-process, no process start; each query runs warm-up times, then timed times (connection taken
/// from the store's factory each time, as the app does). Prints median and p95 per query per store.
/// Usage: acklog [--rows 1000000] [--runs 50] [--stores sqlite,pg] (pg needs bench/cluster/pg.sh).</summary>
internal static class AckLogQueryBench
{
    private const int Alerts = 20_000;
    private const int Actors = 500;
    private const int Accounts = 10;
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Span = TimeSpan.FromDays(365);

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = ClusterBench.IntOption(args, "--rows", 1_000_000);
        var runs = ClusterBench.IntOption(args, "--runs", 50);
        var stores = ClusterBench.Option(args, "--stores", ClusterBench.HasPostgres ? "sqlite,pg" : "sqlite").Split(',');
        var references = Enumerable.Range(0, Alerts).Select(_ => AlertReference.New()).ToArray();
        var queries = new (string Name, AckLogQuery Query)[]
        {
            ("newest page (100)", new AckLogQuery()),
            ("by alert", new AckLogQuery { Alert = references[Alerts / 3] }),
            ("by actor (newest 100)", new AckLogQuery { By = "Oncall7@Example.com" }),
            ("time range 1 day (first 100)", new AckLogQuery { Since = Start + TimeSpan.FromDays(180), Until = Start + TimeSpan.FromDays(181) }),
            ("actor + 30 days (first 100)", new AckLogQuery { By = "oncall42@example.com", Since = Start + TimeSpan.FromDays(200), Until = Start + TimeSpan.FromDays(230) }),
        };
        Console.WriteLine($"acklog: {rows:N0} rows, {Alerts:N0} alerts, {Actors} actors, {Accounts} accounts over 365 days; {runs} timed runs per query; {ClusterBench.Load()}");
        foreach (var store in stores)
        {
            var folder = Path.Combine(Path.GetTempPath(), "ackpoller-bench-acklog-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(folder);
            try
            {
                var load = Stopwatch.StartNew();
                IAckLogStore log;
                PostgreSqlStore? owner = null;
                if (store == "sqlite")
                {
                    var options = new StorageOptions { DatabasePath = Path.Combine(folder, "ackpoller.db") };
                    var opened = await SqliteStore.OpenAsync(options, TimeProvider.System, NullLoggerFactory.Instance, CancellationToken.None);
                    await LoadSqliteAsync(options.DatabasePath, rows, references);
                    log = opened.AckLog;
                }
                else
                {
                    var (_, connectionString) = await ClusterBench.CreatePgDatabaseAsync("acklog");
                    var opened = await PostgreSqlStore.OpenAsync(connectionString, TimeProvider.System, NullLoggerFactory.Instance, CancellationToken.None);
                    await LoadPostgresAsync(connectionString, rows, references);
                    log = opened.AckLog;
                    owner = opened;
                }

                Console.WriteLine($"{store}: {rows:N0} rows loaded in {load.Elapsed.TotalSeconds:0.0} s; {ClusterBench.Load()}");
                foreach (var (name, query) in queries)
                {
                    var first = await log.QueryAsync(query, CancellationToken.None);
                    for (var i = 0; i < 3; i++)
                    {
                        await log.QueryAsync(query, CancellationToken.None);
                    }

                    var times = new List<double>(runs);
                    for (var i = 0; i < runs; i++)
                    {
                        var t = Stopwatch.GetTimestamp();
                        await log.QueryAsync(query, CancellationToken.None);
                        times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                    }

                    var median = ClusterBench.Percentile(times, 50);
                    var p95 = ClusterBench.Percentile(times, 95);
                    Console.WriteLine($"acklog {store,-6} {name,-30} rows {first.Entries.Count,3}  median {ClusterBench.Ms(median),6} ms  p95 {ClusterBench.Ms(p95),6} ms  {(p95 <= 50 ? "ok" : "OVER 50 ms")}  ({ClusterBench.Load()})");
                }

                if (owner is not null)
                {
                    await owner.DisposeAsync();
                }
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }

        return 0;
    }

    private static readonly string[] SqliteParameters = ["$ref", "$action", "$actor", "$received", "$processed", "$mid", "$account", "$key", "$outcome"];

    private readonly record struct Row(string Reference, string Action, string Actor, DateTimeOffset ProcessedAt, string Account, long Key, string Outcome);

    private static IEnumerable<Row> Rows(int count, AlertReference[] references)
    {
        var random = new Random(42);
        var step = Span / count;
        for (var i = 0; i < count; i++)
        {
            var roll = random.Next(100);
            yield return new Row(
                references[random.Next(references.Length)].ToString(),
                roll < 70 ? "Ack" : roll < 85 ? "Snooze" : roll < 95 ? "Note" : "Resolve",
                $"oncall{random.Next(Actors)}@example.com",
                Start + step * i,
                $"rota{random.Next(Accounts)}",
                i,
                roll < 80 ? "Applied" : roll < 95 ? "Rejected" : "Ignored");
        }
    }

    private static async Task LoadSqliteAsync(string path, int count, AlertReference[] references)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO ack_log (alert_reference, action, actor_address, actor_name, received_at, processed_at, source_message_id, " +
            "account, protocol, message_key, outcome, reason) VALUES ($ref, $action, $actor, 'On Call', $received, $processed, $mid, $account, 'Imap', $key, $outcome, 'bench')";
        var p = SqliteParameters.Select(name => command.Parameters.Add(name, SqliteType.Text)).ToArray();
        command.Prepare();
        foreach (var row in Rows(count, references))
        {
            p[0].Value = row.Reference;
            p[1].Value = row.Action;
            p[2].Value = row.Actor;
            p[3].Value = StoreTime.Format(row.ProcessedAt - TimeSpan.FromSeconds(2));
            p[4].Value = StoreTime.Format(row.ProcessedAt);
            p[5].Value = $"r{row.Key}@example.com";
            p[6].Value = row.Account;
            p[7].Value = $"uid:{row.Key}";
            p[8].Value = row.Outcome;
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private static async Task LoadPostgresAsync(string connectionString, int count, AlertReference[] references)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY ack_log (alert_reference, action, actor_address, actor_name, received_at, processed_at, source_message_id, account, protocol, message_key, outcome, reason) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in Rows(count, references))
            {
                await import.StartRowAsync();
                await import.WriteAsync(row.Reference, NpgsqlDbType.Text);
                await import.WriteAsync(row.Action, NpgsqlDbType.Text);
                await import.WriteAsync(row.Actor, NpgsqlDbType.Text);
                await import.WriteAsync("On Call", NpgsqlDbType.Text);
                await import.WriteAsync(row.ProcessedAt - TimeSpan.FromSeconds(2), NpgsqlDbType.TimestampTz);
                await import.WriteAsync(row.ProcessedAt, NpgsqlDbType.TimestampTz);
                await import.WriteAsync($"r{row.Key}@example.com", NpgsqlDbType.Text);
                await import.WriteAsync(row.Account, NpgsqlDbType.Text);
                await import.WriteAsync("Imap", NpgsqlDbType.Text);
                await import.WriteAsync($"uid:{row.Key}", NpgsqlDbType.Text);
                await import.WriteAsync(row.Outcome, NpgsqlDbType.Text);
                await import.WriteAsync("bench", NpgsqlDbType.Text);
            }

            await import.CompleteAsync();
        }

        // What autovacuum's analyze does shortly after a load this size; without statistics the planner guesses.
        await using var analyze = new NpgsqlCommand("ANALYZE ack_log", connection);
        await analyze.ExecuteNonQueryAsync();
    }
}
