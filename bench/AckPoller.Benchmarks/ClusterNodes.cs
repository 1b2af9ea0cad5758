using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage;
using AckPoller.Core.Storage.PostgreSql;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.NodeHarness;
using AckPoller.Sandbox;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AckPoller.Benchmarks;

/// <summary>One or more real `dotnet ackpoller.dll run` processes on one store (a SQLite file, or one PostgreSQL database
/// of the bench cluster), K IMAP accounts with IDLE on the sandbox Dovecot (password logins, imaps), confirmations sent
/// through the sandbox Postfix submission port as the first account. The harness opens the same store in-process to raise
/// alerts (inserted directly, one transaction, no alert email) and to read the ack log and the outbox. The nodes are an
/// <see cref="AckPollerCluster"/>, each node's output in node-N.log in the run's folder.</summary>
internal sealed partial class ClusterNodes : IAsyncDisposable
{
    private const string MailPasswordVariable = "ACKPOLLER_BENCH_PASSWORD";
    private readonly ConcurrentDictionary<int, int> _applied = new();
    private readonly ConcurrentDictionary<string, bool> _firstRun = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _folder;
    private readonly string? _pg;
    private readonly AckPollerCluster _cluster;

    private ClusterNodes(SandboxSettings settings, string folder, string config, string? pg, IReadOnlyList<string> mailboxes)
    {
        Settings = settings;
        _folder = folder;
        _pg = pg;
        Mailboxes = mailboxes;
        var launch = new NodeLaunch(ClusterBench.WorkerDll(), config, new Dictionary<string, string>
        {
            [MailPasswordVariable] = Settings.Password,
            [ClusterBench.PgPasswordVariable] = Environment.GetEnvironmentVariable(ClusterBench.PgPasswordVariable) ?? "",
        }) { WorkingDirectory = folder };
        _cluster = new AckPollerCluster(folder, launch, onLine: OnLine, logFiles: true) { KeepFolder = Environment.GetEnvironmentVariable("ACKPOLLER_BENCH_KEEP") == "1" };
    }

    public SandboxSettings Settings { get; }

    public IReadOnlyList<string> Mailboxes { get; }

    public string Folder => _folder;

    public IReadOnlyList<AckPollerNode> Nodes => _cluster.Nodes;

    public bool Postgres => _pg is not null;

    /// <summary>The PostgreSQL database's connection string with the password (null on SQLite).</summary>
    public string? PgConnectionString => _pg;

    /// <summary>Writes the configuration and migrates the store; no node runs yet.</summary>
    public static async Task<ClusterNodes> CreateAsync(string store, int accounts, JsonObject? scheduling = null, JsonObject? alerts = null)
    {
        var settings = SandboxSettings.Load();
        var folder = NodeConfig.NewFolder("ackpoller-bench-cluster");
        var run = Guid.NewGuid().ToString("N")[..6];
        var mailboxes = Enumerable.Range(0, accounts).Select(i => $"bench-{run}-{i}@{settings.Domain}").ToArray();
        string? pg = null;
        JsonObject storage;
        if (store == "pg")
        {
            var (without, with) = await ClusterBench.CreatePgDatabaseAsync("burst");
            pg = with;
            storage = NodeConfig.PostgreSql(without, ClusterBench.PgPasswordVariable);
            await (await PostgreSqlStore.OpenAsync(with, TimeProvider.System, NullLoggerFactory.Instance, CancellationToken.None)).DisposeAsync();
        }
        else
        {
            storage = NodeConfig.Sqlite(Path.Combine(folder, "ackpoller.db"));
            await SqliteStore.OpenAsync(new StorageOptions { DatabasePath = Path.Combine(folder, "ackpoller.db") }, TimeProvider.System, NullLoggerFactory.Instance, CancellationToken.None);
            SqliteConnection.ClearAllPools();
        }

        var config = NodeConfig.Sandbox(settings, folder, storage, "a0", "ackpoller.bench.test", mailboxes.Select((mailbox, i) =>
            NodeConfig.Account(settings, $"a{i}", mailbox, pop3: false, MailPasswordVariable, new JsonObject { ["Interval"] = "00:05:00", ["Idle"] = true })));
        config["Scheduling"] = scheduling ?? [];
        config["Alerts"]!["SendRejectionReplies"] = false;
        foreach (var (key, value) in alerts ?? [])
        {
            config["Alerts"]![key] = value?.DeepClone();
        }

        config["Replies"] = new JsonObject { ["LockoutThreshold"] = 1_000_000 };
        var path = await NodeConfig.WriteAsync(config, Path.Combine(folder, "appsettings.json"));
        return new ClusterNodes(settings, folder, path, pg, mailboxes);
    }

    /// <summary>Starts one more node; its output goes to node-N.log in the run's folder.</summary>
    public AckPollerNode StartNode() => _cluster.StartNode();

    private void OnLine(AckPollerNode node, string line)
    {
        if (FirstRun().Match(line) is { Success: true } match)
        {
            _firstRun[match.Groups[1].Value] = true;
        }

        if (Polled().Match(line) is { Success: true } polled)
        {
            var applied = int.Parse(polled.Groups[1].Value, CultureInfo.InvariantCulture);
            _applied.AddOrUpdate(node.Index, applied, (_, n) => n + applied);
        }
    }

    /// <summary>Waits until every account has had its first look at its mailbox (mail arriving before that is left alone).</summary>
    public async Task WaitForFirstRunsAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (_firstRun.Count < Mailboxes.Count)
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"only {_firstRun.Count} of {Mailboxes.Count} accounts had their first run within {timeout}; see {_folder}/node-*.log");
            }

            if (Nodes.FirstOrDefault(n => n.HasExited) is { } dead)
            {
                throw new InvalidOperationException($"a node exited with {dead.ExitCode}; see {_folder}/node-*.log");
            }

            await Task.Delay(200);
        }
    }

    public int FirstRuns => _firstRun.Count;

    /// <summary>Raises one open alert per sender, each with that sender as its only recipient (so the sender may act on it).</summary>
    public async Task<AlertReference[]> RaiseAlertsAsync(IReadOnlyList<string> senders)
    {
        var now = DateTimeOffset.UtcNow;
        var references = new AlertReference[senders.Count];
        IUnitOfWorkFactory transactions;
        PostgreSqlStore? pg = null;
        if (_pg is not null)
        {
            pg = await PostgreSqlStore.OpenAsync(_pg, TimeProvider.System, NullLoggerFactory.Instance, CancellationToken.None);
            transactions = pg.Transactions;
        }
        else
        {
            transactions = (await SqliteStore.OpenAsync(new StorageOptions { DatabasePath = Path.Combine(_folder, "ackpoller.db") }, TimeProvider.System, NullLoggerFactory.Instance, CancellationToken.None)).Transactions;
        }

        await using (var work = await transactions.BeginAsync(CancellationToken.None))
        {
            for (var i = 0; i < senders.Count; i++)
            {
                references[i] = AlertReference.New();
                await work.InsertAlertAsync(new Alert
                {
                    Reference = references[i], Subject = $"Bench alert {i} on host{i % 50:00}", Body = "bench", Severity = "high", Source = "bench",
                    Recipients = [senders[i]], CreatedAt = now, UpdatedAt = now,
                }, CancellationToken.None);
            }

            await work.CommitAsync(CancellationToken.None);
        }

        if (pg is not null)
        {
            await pg.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        return references;
    }

    /// <summary>(count, latest) of applied ack-log rows and of sent confirmations; other outcomes; applied rows beyond one per
    /// alert (double-applied) and sent confirmations beyond one per alert (duplicates).</summary>
    public async Task<Progress> ProgressAsync()
    {
        const string Acks = "SELECT COUNT(*), MAX(processed_at) FROM ack_log WHERE outcome = 'Applied'";
        const string Other = "SELECT COUNT(*) FROM ack_log WHERE outcome <> 'Applied'";
        const string Duplicates = "SELECT (SELECT COUNT(*) - COUNT(DISTINCT alert_reference) FROM ack_log WHERE outcome = 'Applied') * 1000000 + " +
            "(SELECT COUNT(*) - COUNT(DISTINCT alert_id) FROM outbox WHERE kind = 'Confirmation' AND state = 'Sent')";
        const string Sent = "SELECT COUNT(*), MAX(sent_at) FROM outbox WHERE kind = 'Confirmation' AND state = 'Sent'";
        if (_pg is not null)
        {
            await using var connection = new NpgsqlConnection(_pg);
            await connection.OpenAsync();
            var (applied, lastApplied) = await PgPairAsync(connection, Acks);
            var (sent, lastSent) = await PgPairAsync(connection, Sent);
            await using var other = new NpgsqlCommand(Other, connection);
            await using var duplicates = new NpgsqlCommand(Duplicates, connection);
            var dup = Convert.ToInt64(await duplicates.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            return new Progress(applied, lastApplied, sent, lastSent, (long)(await other.ExecuteScalarAsync())!, dup / 1000000, dup % 1000000);
        }
        else
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "ackpoller.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            var (applied, lastApplied) = await SqlitePairAsync(connection, Acks);
            var (sent, lastSent) = await SqlitePairAsync(connection, Sent);
            await using var other = connection.CreateCommand();
            other.CommandText = Other;
            await using var duplicates = connection.CreateCommand();
            duplicates.CommandText = Duplicates;
            var dup = Convert.ToInt64(await duplicates.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            return new Progress(applied, lastApplied, sent, lastSent, (long)(await other.ExecuteScalarAsync())!, dup / 1000000, dup % 1000000);
        }
    }

    internal readonly record struct Progress(long Applied, DateTimeOffset? LastApplied, long Sent, DateTimeOffset? LastSent, long Other, long DoubleApplied, long DuplicateConfirmations);

    /// <summary>processed_at of the applied ack-log row of each alert reference.</summary>
    public async Task<Dictionary<string, DateTimeOffset>> AppliedAtAsync()
    {
        const string Sql = "SELECT alert_reference, processed_at FROM ack_log WHERE outcome = 'Applied'";
        var result = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
        if (_pg is not null)
        {
            await using var connection = new NpgsqlConnection(_pg);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(Sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                result[reader.GetString(0)] = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc));
            }
        }
        else
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "ackpoller.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = Sql;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                result[reader.GetString(0)] = StoreTime.Parse(reader.GetString(1));
            }
        }

        return result;
    }

    private static async Task<(long, DateTimeOffset?)> PgPairAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc)));
    }

    private static async Task<(long, DateTimeOffset?)> SqlitePairAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : StoreTime.Parse(reader.GetString(1)));
    }

    /// <summary>How many IDLE ownership locks each node holds (PostgreSQL: pg_locks), e.g. "4 / 3 / 3"; "" on SQLite.</summary>
    public async Task<string> IdleOwnersAsync()
    {
        if (_pg is null)
        {
            return "";
        }

        await using var connection = new NpgsqlConnection(_pg);
        await connection.OpenAsync();
        var holders = await AckPoller.Core.Cluster.PostgreSqlIdleLocks.HoldersAsync(connection, CancellationToken.None);
        return string.Join(" / ", Nodes.Select(node => holders.Values.Count(h => node.Owns(h.Node))));
    }

    /// <summary>Replies each node applied, from its poll summaries ("poll (idle): N fetched, M applied").</summary>
    public string AppliedPerNode() =>
        string.Join(" / ", Nodes.Select(node => _applied.TryGetValue(node.Index, out var n) ? n : 0));

    [GeneratedRegex(@"AccountPollRunner.*: poll[^:]*: \d+ fetched, (\d+) applied", RegexOptions.CultureInvariant)]
    private static partial Regex Polled();

    [GeneratedRegex(@"Account (\S+): first run on", RegexOptions.CultureInvariant)]
    private static partial Regex FirstRun();

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        if (_cluster.KeepFolder)
        {
            Console.WriteLine($"// kept {_folder}");
        }
    }

    internal static string Iso(DateTimeOffset value) => value.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
