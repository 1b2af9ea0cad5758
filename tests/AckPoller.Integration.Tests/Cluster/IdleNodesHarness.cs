using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using AckPoller.Core.Alerts;
using AckPoller.Core.Cluster;
using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;
using AckPoller.Core.Storage.PostgreSql;
using AckPoller.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AckPoller.Integration.Tests.Cluster;

/// <summary>Real `ackpoller run` processes sharing one PostgreSQL database (the test run's private server) and the
/// sandbox Dovecot/Postfix: <see cref="IdleCount"/> IMAP accounts with IDLE (scheduled polls every 10 minutes, so a
/// quick acknowledgement on them comes through IDLE), one IMAP account polled every 2 s and one POP3 account polled every
/// 2 s. IDLE ownership is read straight from pg_locks / pg_stat_activity. The nodes are an <see cref="AckPollerCluster"/>.</summary>
internal sealed class IdleNodesHarness : IAsyncDisposable
{
    public const string MailPasswordVariable = "ACKPOLLER_IDLE_MAIL_PASSWORD";
    public const string DbPasswordVariable = "ACKPOLLER_IDLE_DB_PASSWORD";
    private readonly PostgresServer _server;
    private readonly string _database;
    private readonly string _folder;
    private readonly AckPollerCluster _cluster;
    private PostgreSqlStore? _store;
    private Alert? _alert;
    private int _replies;

    private IdleNodesHarness(PostgresServer server, string database, string folder, int idleCount)
    {
        _server = server;
        _database = database;
        _folder = folder;
        Settings = SandboxSettings.Load();
        IdleAccounts = Enumerable.Range(1, idleCount).Select(i => $"idle-{i}").ToList();
        Mailboxes = IdleAccounts.Append("polled").Append("pop").ToDictionary(a => a, a => Settings.NewAddress(a.Replace("-", "", StringComparison.Ordinal)));
        OnCall = Settings.NewAddress("oncall");
        _cluster = new AckPollerCluster(folder, WorkerProcess.Launch(Config, new Dictionary<string, string>
        {
            [MailPasswordVariable] = Settings.Password,
            [DbPasswordVariable] = _server.Password,
        }));
    }

    public SandboxSettings Settings { get; }

    public IReadOnlyList<string> IdleAccounts { get; }

    public int IdleCount => IdleAccounts.Count;

    /// <summary>Account name → its mailbox address.</summary>
    public IReadOnlyDictionary<string, string> Mailboxes { get; }

    public string OnCall { get; }

    public string Config => Path.Combine(_folder, "appsettings.json");

    public string ConnectionString => _server.ConnectionString(_database);

    public PostgreSqlStore Store => _store!;

    public static async Task<IdleNodesHarness> CreateAsync(PostgresServer server, int idleCount)
    {
        var folder = NodeConfig.NewFolder("ackpoller-idle-nodes");
        var harness = new IdleNodesHarness(server, await server.CreateDatabaseAsync(), folder, idleCount);
        await harness.InitializeAsync();
        return harness;
    }

    private async Task InitializeAsync()
    {
        var config = NodeConfig.Sandbox(Settings, _folder, NodeConfig.PostgreSql(_server.ConnectionStringWithoutPassword(_database), DbPasswordVariable), "polled", "ackpoller.sandbox.test",
            Mailboxes.Select(m =>
            {
                var idle = m.Key.StartsWith("idle-", StringComparison.Ordinal);
                return NodeConfig.Account(Settings, m.Key, m.Value, m.Key == "pop", MailPasswordVariable,
                    new JsonObject { ["Idle"] = idle, ["Interval"] = idle ? "00:10:00" : "00:00:02" }, new JsonObject { ["ProcessExistingMail"] = true });
            }));
        config["Scheduling"] = new JsonObject { ["OutboxInterval"] = "00:00:01" };
        await NodeConfig.WriteAsync(config, Config);

        _store = await PostgreSqlStore.OpenAsync(ConnectionString, TimeProvider.System, NullLoggerFactory.Instance, default);
        var options = new AckPollerOptions();
        options.Accounts.Add(new MailAccountOptions { Name = "polled", Mailbox = Mailboxes["polled"], SmtpServer = "smtp://localhost:1", AuthKind = AccountAuthKind.Password });
        options.Alerts.SenderAccount = "polled";
        options.Alerts.MessageIdDomain = "ackpoller.sandbox.test";
        var alerts = new AlertService(_store.Transactions, new AlertEmailComposer(AlertMailIdentity.Resolve(options), TimeProvider.System), TimeProvider.System,
            NullLogger<AlertService>.Instance);
        _alert = await alerts.RaiseAsync(new RaiseAlertRequest { Subject = "Queue backlog", Body = "orders queue > 10k", Recipients = [OnCall] }, default);
    }

    /// <summary>Starts one more node (`dotnet ackpoller.dll run`).</summary>
    public AckPollerNode StartNode() => _cluster.StartNode();

    /// <summary>A reply ("note …") to the alert, delivered to the account's mailbox; returns its Message-ID.</summary>
    public async Task<string> SendReplyAsync(string account)
    {
        var n = Interlocked.Increment(ref _replies);
        var id = $"{Guid.NewGuid():N}.{n}@client.sandbox.test";
        var to = Mailboxes[account];
        await SandboxMail.DeliverAsync(Settings, OnCall, to, Encoding.UTF8.GetBytes(
            $"From: Jane Doe <{OnCall}>\r\nTo: <{to}>\r\nSubject: RE: [{_alert!.Reference}] Queue backlog\r\nMessage-ID: <{id}>\r\n" +
            $"In-Reply-To: <{_alert.MessageId}>\r\nReferences: <{_alert.MessageId}>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
            $"note step {n} for {account}\r\n\r\n> Reply \"ack\" to acknowledge.\r\n"));
        return id;
    }

    /// <summary>The reply Message-IDs with an applied acknowledgement log row.</summary>
    public async Task<IReadOnlyDictionary<string, AckLogEntry>> AppliedAsync()
    {
        var page = await Store.AckLog.QueryAsync(new AckLogQuery { Limit = 1000 }, default);
        return page.Entries.Where(e => e.Outcome == AckOutcome.Applied && e.SourceMessageId is not null)
            .GroupBy(e => e.SourceMessageId!).ToDictionary(g => g.Key, g => g.First());
    }

    /// <summary>Waits (bounded) until every one of <paramref name="ids"/> is acknowledged; fails with the nodes' output.</summary>
    public async Task WaitForAppliedAsync(IReadOnlyCollection<string> ids, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var applied = await AppliedAsync();
            var missing = ids.Where(id => !applied.ContainsKey(id)).ToList();
            if (missing.Count == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{missing.Count} of {ids.Count} replies not acknowledged after {timeout}: {string.Join(", ", missing)}\n{Tail()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>IDLE account → node id of the session holding its lock, from pg_locks and pg_stat_activity.</summary>
    public async Task<IdleLocks> ReadLocksAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var byKey = IdleAccounts.ToDictionary(IdleLockKey.ObjectId);
        var held = new List<(string Account, string Node)>();
        await using (var command = new NpgsqlCommand("""
            SELECT l.objid::bigint, a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.classid = 1097034576 AND l.objsubid = 2 AND l.granted
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var key = unchecked((int)(uint)reader.GetInt64(0));
                var app = reader.GetString(1);
                held.Add((byKey.TryGetValue(key, out var account) ? account : $"?{key}", app.StartsWith("ackpoller-node:", StringComparison.Ordinal) ? app["ackpoller-node:".Length..] : "!" + app));
            }
        }

        var sessions = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT application_name FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'ackpoller-node:%'", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                sessions.Add(reader.GetString(0)["ackpoller-node:".Length..]);
            }
        }

        return new IdleLocks(held, sessions);
    }

    /// <summary>Waits until <paramref name="nodes"/> lock sessions exist and every IDLE account is held by the node
    /// rendezvous hashing gives it over them.</summary>
    public async Task<IdleLocks> WaitSettledAsync(int nodes, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var locks = await ReadLocksAsync();
            if (locks.Sessions.Count == nodes && locks.IsSettled(IdleAccounts))
            {
                return locks;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"IDLE ownership did not settle on {nodes} nodes within {timeout}: {locks}\n{Tail()}");
            }

            _cluster.ThrowIfANodeDied();

            await Task.Delay(100);
        }
    }

    /// <summary>Reads pg_locks every 250 ms until disposed, recording every sample that breaks the rules.</summary>
    public LockMonitor StartMonitor() => new(this);

    public string Tail() => _cluster.Tails();

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }
}

/// <summary>Who holds which IDLE lock, and which nodes have a lock session open.</summary>
internal sealed record IdleLocks(IReadOnlyList<(string Account, string Node)> Held, IReadOnlyList<string> Sessions)
{
    public string? OwnerOf(string account) => Held.Where(h => h.Account == account).Select(h => h.Node).FirstOrDefault();

    /// <summary>Accounts held by more than one session (must never happen).</summary>
    public IEnumerable<string> HeldTwice => Held.GroupBy(h => h.Account).Where(g => g.Count() > 1).Select(g => g.Key);

    public bool AllHeld(IEnumerable<string> accounts) => accounts.All(a => OwnerOf(a) is not null);

    public bool IsSettled(IEnumerable<string> accounts) => accounts.All(a => OwnerOf(a) is { } owner && owner == RendezvousAssignment.OwnerOf(a, Sessions));

    public override string ToString() =>
        "sessions [" + string.Join(", ", Sessions) + "] held [" + string.Join(", ", Held.Select(h => h.Account + "@" + h.Node)) + "]";
}

/// <summary>Checks IDLE ownership continuously (every 250 ms): never an account held by two sessions or by anything but
/// an ackpoller node's lock session, and, while <see cref="RequireAllHeld"/> is set (between topology changes, once
/// settled), every IDLE account held.</summary>
internal sealed class LockMonitor : IAsyncDisposable
{
    private readonly IdleNodesHarness _harness;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ConcurrentQueue<string> _violations = new();
    private volatile bool _requireAllHeld;

    public LockMonitor(IdleNodesHarness harness)
    {
        _harness = harness;
        _loop = Task.Run(LoopAsync);
    }

    public int Samples { get; private set; }

    public IReadOnlyCollection<string> Violations => _violations.ToList();

    /// <summary>From now on (until set false) every IDLE account must be held at every sample.</summary>
    public bool RequireAllHeld
    {
        get => _requireAllHeld;
        set => _requireAllHeld = value;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var requireAll = _requireAllHeld;
                var locks = await _harness.ReadLocksAsync();
                foreach (var account in locks.HeldTwice)
                {
                    _violations.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {account} held twice: {locks}");
                }

                foreach (var (account, node) in locks.Held.Where(h => h.Node.StartsWith('!') || h.Account.StartsWith('?')))
                {
                    _violations.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} unexpected lock {account} by {node}");
                }

                if (requireAll && _requireAllHeld && !locks.AllHeld(_harness.IdleAccounts))
                {
                    _violations.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} not every IDLE account held: {locks}");
                }

                Samples++;
                await Task.Delay(250, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        await _loop;
    }
}
