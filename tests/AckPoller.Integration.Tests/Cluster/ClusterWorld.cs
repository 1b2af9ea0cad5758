using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;
using AckPoller.Core.Storage.PostgreSql;
using AckPoller.Mail.Mime;
using AckPoller.Mail.Smtp;
using AckPoller.Mail.Transport;
using AckPoller.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AckPoller.Integration.Tests.Cluster;

/// <summary>How a cluster test account reads its mailbox.</summary>
internal enum ClusterAccountKind
{
    ImapIdle,
    ImapPolling,
    Pop3,
}

/// <summary>One monitored sandbox mailbox of the cluster, and the sandbox person who answers the alerts sent from it.</summary>
internal sealed record ClusterAccount(string Name, string Mailbox, ClusterAccountKind Kind, string Responder);

/// <summary>A reply the test sent: its Message-ID (no angle brackets), the account it went to, the alert it acts on and
/// when the injection port accepted it (250).</summary>
internal sealed record SentReply(string MessageId, ClusterAccount Account, Alert Alert, DateTimeOffset SentAt);

/// <summary>One acknowledgement-log row, as stored.</summary>
internal sealed record AckRow(string SourceMessageId, string Account, string Outcome, DateTimeOffset ProcessedAt);

/// <summary>A confirmation (or any answer) delivered to a responder's sandbox mailbox: its Message-ID and the reply it answers.</summary>
internal sealed record DeliveredAnswer(string File, string? MessageId, IReadOnlyList<string> InReplyTo);

/// <summary>N real `ackpoller run` processes (<see cref="WorkerProcess"/>) sharing one database of the test run's private
/// PostgreSQL (<see cref="PostgresServer"/>) and one appsettings.json, watching fresh mailboxes on the sandbox
/// Dovecot/Postfix with password sign-in (the sandbox password, through the environment). The test registers alerts
/// straight in the database (no alert email), sends replies through Postfix's injection port, kills (SIGKILL) and
/// restarts nodes, and reads the ack log, the outbox, the IDLE ownership (pg_locks) and the responders' maildirs.</summary>
internal sealed class ClusterWorld : IAsyncDisposable
{
    public const string MessageIdDomain = "ackpoller.sandbox.test";

    /// <summary>The advisory-lock class of IDLE ownership: "AckP" (0x41636B50).</summary>
    public const uint IdleLockClass = 0x41636B50;

    private const string MailPasswordVariable = "ACKPOLLER_CLUSTER_MAIL_PASSWORD";
    private const string DbPasswordVariable = "ACKPOLLER_CLUSTER_DB_PASSWORD";

    private readonly PostgresServer _server;
    private readonly Action<string> _log;
    private readonly ConcurrentDictionary<string, DeliveredAnswer?> _parsed = new(StringComparer.Ordinal);
    private readonly List<ClusterNodeProcess> _nodes = [];
    private PostgreSqlStore? _store;
    private AlertService? _alerts;

    private ClusterWorld(PostgresServer server, SandboxSettings settings, string folder, string database, IReadOnlyList<ClusterAccount> accounts, Action<string> log)
    {
        _server = server;
        Settings = settings;
        Folder = folder;
        Database = database;
        Accounts = accounts;
        _log = log;
        ConfigPath = Path.Combine(folder, "appsettings.json");
    }

    public SandboxSettings Settings { get; }

    public string Folder { get; }

    public string Database { get; }

    public string ConfigPath { get; }

    public IReadOnlyList<ClusterAccount> Accounts { get; }

    public IReadOnlyList<ClusterNodeProcess> Nodes => _nodes;

    /// <summary>The account whose SMTP sends the confirmations (Alerts:SenderAccount).</summary>
    public ClusterAccount SenderAccount => Accounts[0];

    /// <summary>Creates the database (schema migrated by the test, so the nodes find it current), the accounts and the
    /// shared configuration; starts no node yet.</summary>
    public static async Task<ClusterWorld> CreateAsync(PostgresServer server, IReadOnlyList<ClusterAccountKind> kinds, Action<string> log)
    {
        var settings = SandboxSettings.Load();
        var folder = Path.Combine(Path.GetTempPath(), "ackpoller-cluster", Guid.NewGuid().ToString("N"));
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The cluster tests need the Linux sandbox.");
        }

        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var database = await server.CreateDatabaseAsync();
        var accounts = kinds.Select((kind, i) => new ClusterAccount(
            $"{Prefix(kind)}{i}", settings.NewAddress("cluster-" + Prefix(kind)), kind, settings.NewAddress("responder"))).ToList();
        var world = new ClusterWorld(server, settings, folder, database, accounts, log);
        await File.WriteAllTextAsync(world.ConfigPath, world.ConfigJson());
        File.SetUnixFileMode(world.ConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        world._store = await PostgreSqlStore.OpenAsync(server.ConnectionString(database), TimeProvider.System, NullLoggerFactory.Instance, default);
        var options = new AckPollerOptions();
        foreach (var account in accounts)
        {
            options.Accounts.Add(new MailAccountOptions { Name = account.Name, Mailbox = account.Mailbox, SmtpServer = "smtp://localhost:1", AuthKind = AccountAuthKind.Password });
        }

        options.Alerts.SenderAccount = world.SenderAccount.Name;
        options.Alerts.MessageIdDomain = MessageIdDomain;
        world._alerts = new AlertService(world._store.Transactions, new AlertEmailComposer(AlertMailIdentity.Resolve(options), TimeProvider.System),
            TimeProvider.System, NullLogger<AlertService>.Instance);
        return world;
    }

    private static string Prefix(ClusterAccountKind kind) => kind switch
    {
        ClusterAccountKind.ImapIdle => "idle",
        ClusterAccountKind.ImapPolling => "imap",
        _ => "pop",
    };

    /// <summary>The one configuration every node reads. IDLE accounts keep the default one-minute poll as the backstop;
    /// polling accounts poll every 2 s. Alerts:SendTimeout is the minimum (5 s), so a confirmation claimed by a node that
    /// is killed mid-send is sent again by another node after its 10 s claim lease.</summary>
    private string ConfigJson()
    {
        var s = Settings;
        var accounts = string.Join(",\n", Accounts.Select(a =>
        {
            var incoming = a.Kind == ClusterAccountKind.Pop3 ? $"pop3s://{s.Host}:{s.Ports.Pop3s}" : $"imaps://{s.Host}:{s.Ports.Imaps}";
            var polling = a.Kind switch
            {
                ClusterAccountKind.ImapIdle => """{ "Interval": "00:01:00", "Idle": true }""",
                ClusterAccountKind.ImapPolling => """{ "Interval": "00:00:02", "Idle": false }""",
                _ => """{ "Interval": "00:00:02" }""",
            };
            return $$"""
                {
                  "Name": "{{a.Name}}", "Mailbox": "{{a.Mailbox}}", "Protocol": "{{(a.Kind == ClusterAccountKind.Pop3 ? "Pop3" : "Imap")}}",
                  "IncomingServer": "{{incoming}}", "SmtpServer": "smtp://{{s.Host}}:{{s.Ports.Submission}}",
                  "AuthKind": "Password", "PasswordEnv": "{{MailPasswordVariable}}",
                  "Processing": { "ProcessExistingMail": true, "DeleteAfterProcessing": {{(a.Kind == ClusterAccountKind.Pop3 ? "true" : "false")}} },
                  "Polling": {{polling}} }
                """;
        }));
        return $$"""
            {
              "Storage": { "Provider": "PostgreSql", "ConnectionString": "{{_server.ConnectionStringWithoutPassword(Database)}}", "PasswordEnv": "{{DbPasswordVariable}}" },
              "Web": { "Enabled": false },
              "TokenCache": { "KeyEnv": "", "KeyFile": "{{Path.Combine(Folder, "keys", "cache.key")}}" },
              "Auth": { "ExtraCaFile": "{{s.CaFile}}" },
              "Scheduling": { "OutboxInterval": "00:00:01", "MailRetryBaseDelay": "00:00:00.2" },
              "Alerts": { "SenderAccount": "{{SenderAccount.Name}}", "MessageIdDomain": "{{MessageIdDomain}}", "SmtpExtraCaFile": "{{s.CaFile}}", "SendTimeout": "00:00:05" },
              "Accounts": [
            {{accounts}}
              ]
            }
            """;
    }

    // ---- nodes ----

    /// <summary>Starts <paramref name="count"/> nodes and waits (bounded) until each has registered in cluster_nodes.</summary>
    public async Task StartNodesAsync(int count, TimeSpan timeout)
    {
        for (var i = 0; i < count; i++)
        {
            var node = new ClusterNodeProcess(i);
            _nodes.Add(node);
            Start(node);
        }

        await WaitUntilAsync(async () => (await RefreshNodeIdsAsync()) >= count, timeout, $"{count} nodes registered");
    }

    /// <summary>Learns the node ids of running nodes that have registered since (cluster_nodes); returns how many have.</summary>
    public async Task<int> RefreshNodeIdsAsync()
    {
        var ids = await NodeIdsAsync();
        var registered = 0;
        foreach (var node in _nodes.Where(n => n.IsRunning))
        {
            node.NodeId ??= ids.FirstOrDefault(id => node.Owns(id));
            registered += node.NodeId is null ? 0 : 1;
        }

        return registered;
    }

    private void Start(ClusterNodeProcess node)
    {
        var environment = new Dictionary<string, string>
        {
            [MailPasswordVariable] = Settings.Password,
            [DbPasswordVariable] = _server.Password,
        };
        node.Started(WorkerProcess.Start(ConfigPath, environment, node.Keep));
        _log($"node {node.Index} started (pid {node.Pid})");
    }

    /// <summary>kill -9 (SIGKILL: .NET's Process.Kill on Unix); returns the moment just before the signal.</summary>
    public async Task<DateTimeOffset> KillAsync(ClusterNodeProcess node)
    {
        var process = node.Process ?? throw new InvalidOperationException($"node {node.Index} is not running");
        var at = DateTimeOffset.UtcNow;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        node.Killed();
        _log($"node {node.Index} killed (pid {process.Id}, {node.LastNodeId ?? "unregistered"})");
        process.Dispose();
        return at;
    }

    /// <summary>Starts a killed node again (a new process, so a new node id).</summary>
    public void Restart(ClusterNodeProcess node)
    {
        if (node.IsRunning)
        {
            throw new InvalidOperationException($"node {node.Index} is running");
        }

        Start(node);
    }

    /// <summary>Throws with the node's output tail when a node ended on its own (a crash the test did not cause).</summary>
    public void ThrowIfANodeDied()
    {
        foreach (var node in _nodes)
        {
            if (node.Process is { HasExited: true } p)
            {
                throw new InvalidOperationException($"node {node.Index} (pid {p.Id}) exited by itself with {p.ExitCode}:\n{node.Tail()}");
            }
        }
    }

    public string NodeTails() => string.Join("\n", _nodes.Select(n => $"--- node {n.Index} ---\n{n.Tail()}"));

    // ---- alerts and replies ----

    /// <summary>Registers an open alert (no alert email is sent) whose only recipient is <paramref name="account"/>'s
    /// responder, so that person may act on it.</summary>
    public async Task<Alert> RegisterAlertAsync(ClusterAccount account, string subject) =>
        await _alerts!.RegisterAsync(new RegisterAlertRequest
        {
            MessageId = $"chaos.{Guid.NewGuid():N}@{MessageIdDomain}",
            Subject = subject,
            Body = "chaos run",
            Recipients = [account.Responder],
        }, default);

    /// <summary>One SMTP session on Postfix's injection port for sending many replies (reopened when it breaks).</summary>
    public ReplySender OpenReplySender() => new(Settings);

    // ---- the database ----

    public NpgsqlConnection Connection() => new(_server.ConnectionString(Database));

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = Connection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<string>> NodeIdsAsync()
    {
        await using var connection = Connection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM cluster_nodes", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>The ack-log rows of replies (with a source Message-ID).</summary>
    public async Task<IReadOnlyList<AckRow>> AckRowsAsync(DateTimeOffset? after = null)
    {
        await using var connection = Connection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT source_message_id, account, outcome, processed_at FROM ack_log WHERE source_message_id IS NOT NULL AND processed_at > @after", connection);
        command.Parameters.AddWithValue("after", (after ?? DateTimeOffset.MinValue.AddYears(2000)).UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<AckRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new AckRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero)));
        }

        return rows;
    }

    /// <summary>Confirmations in the outbox not yet sent (pending, claimed or retrying) and dead.</summary>
    public async Task<(long Unsent, long Dead)> OutboxBacklogAsync() =>
        (await ScalarAsync("SELECT COUNT(*) FROM outbox WHERE kind = 'Confirmation' AND state NOT IN ('Sent', 'Dead')"),
         await ScalarAsync("SELECT COUNT(*) FROM outbox WHERE kind = 'Confirmation' AND state = 'Dead'"));

    /// <summary>The IDLE advisory-lock key of an account: the first 4 bytes of SHA-256(UTF-8 account name), big-endian
    /// int32, as pg_locks shows it in objid (an oid, i.e. the same 32 bits unsigned).</summary>
    public static uint IdleLockKey(string account) =>
        BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(account)));

    /// <summary>Who watches which account with IDLE right now. Ownership = a granted session-level advisory lock in this
    /// database with classid 0x41636B50 ("AckP") and objid = the first 4 bytes of SHA-256(UTF-8 account name) read as a
    /// big-endian int32 (pg_advisory_lock(int4, int4), so objsubid 2), held by a backend whose application_name is
    /// `ackpoller-node:&lt;nodeId&gt;`. Returns account name → node id (accounts nobody owns are absent).</summary>
    public async Task<IReadOnlyDictionary<string, string>> IdleOwnersAsync()
    {
        await using var connection = Connection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT a.application_name, l.objid::bigint
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid = @class AND l.objsubid = 2
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND a.application_name LIKE 'ackpoller-node:%'
            """, connection);
        command.Parameters.AddWithValue("class", NpgsqlTypes.NpgsqlDbType.Oid, IdleLockClass);
        await using var reader = await command.ExecuteReaderAsync();
        var byKey = Accounts.ToDictionary(a => (long)IdleLockKey(a.Name), a => a.Name);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            if (byKey.TryGetValue(reader.GetInt64(1), out var account))
            {
                owners[account] = reader.GetString(0)["ackpoller-node:".Length..];
            }
        }

        return owners;
    }

    /// <summary>The node process whose node id is <paramref name="nodeId"/> (null when none of ours).</summary>
    public ClusterNodeProcess? NodeById(string nodeId) =>
        _nodes.FirstOrDefault(n => n.NodeId == nodeId) ?? _nodes.FirstOrDefault(n => n.IsRunning && n.Owns(nodeId));

    // ---- the responders' mailboxes ----

    /// <summary>Every message delivered to <paramref name="address"/>'s maildir (parsed once per file).</summary>
    public IReadOnlyList<DeliveredAnswer> Delivered(string address)
    {
        var at = address.LastIndexOf('@');
        var maildir = Path.Combine(Settings.Directory, "mail", address[(at + 1)..].ToLowerInvariant(), address[..at].ToLowerInvariant(), "Maildir");
        var found = new List<DeliveredAnswer>();
        foreach (var sub in new[] { "new", "cur" })
        {
            var path = Path.Combine(maildir, sub);
            if (!Directory.Exists(path))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(path))
            {
                // Maildir file names start with a unique delivery id; the ":2,flags" suffix changes when moved to cur/.
                var key = Path.GetFileName(file).Split(':')[0];
                if (!_parsed.TryGetValue(key, out var answer))
                {
                    try
                    {
                        var message = MimeParser.Parse(File.ReadAllBytes(file));
                        answer = new DeliveredAnswer(key, message.MessageId, message.InReplyTo.ToList());
                    }
                    catch (IOException)
                    {
                        continue; // moved while listing: seen on the next look
                    }

                    _parsed[key] = answer;
                }

                if (answer is not null && found.All(f => f.File != answer.File))
                {
                    found.Add(answer);
                }
            }
        }

        return found;
    }

    // ---- waiting ----

    /// <summary>Polls <paramref name="condition"/> until true; throws after <paramref name="timeout"/> (a process-level test
    /// observes other processes, so it polls; it never sleeps for correctness).</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            ThrowIfANodeDied();
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for {what}.\n{NodeTails()}");
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            if (node.Process is { } process)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }

                process.Dispose();
            }
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>One node slot of the cluster: the running `ackpoller run` process (none while killed) and its node id, which
/// the node registers as "&lt;host&gt;-&lt;pid&gt;-&lt;random&gt;" (a restart is a new process, so a new id).</summary>
internal sealed class ClusterNodeProcess(int index)
{
    private readonly ConcurrentQueue<string> _lines = new();

    public int Index { get; } = index;

    public Process? Process { get; private set; }

    public int? Pid { get; private set; }

    /// <summary>The running process's node id once it has registered (null while killed or starting).</summary>
    public string? NodeId { get; set; }

    /// <summary>The node id of the last process (kept after a kill).</summary>
    public string? LastNodeId { get; private set; }

    public bool IsRunning => Process is not null;

    public int Starts { get; private set; }

    public bool Owns(string nodeId) => Pid is { } pid && nodeId.Contains($"-{pid.ToString(CultureInfo.InvariantCulture)}-", StringComparison.Ordinal);

    public void Started(Process process)
    {
        Process = process;
        Pid = process.Id;
        NodeId = null;
        Starts++;
        _lines.Enqueue($"=== start {Starts} (pid {process.Id}) ===");
    }

    public void Killed()
    {
        LastNodeId = NodeId;
        NodeId = null;
        Process = null;
        _lines.Enqueue("=== killed ===");
    }

    /// <summary>Keeps the node's last output lines for failure messages.</summary>
    public void Keep(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > 60 && _lines.TryDequeue(out _))
        {
        }
    }

    public string Tail() => string.Join('\n', _lines);
}

/// <summary>Sends replies through Postfix's plain injection port (no TLS, no AUTH, @sandbox.test recipients) on one SMTP
/// session, as the responder of the account each reply goes to; "ack" or "resolve" on the first line, threaded under the
/// alert (In-Reply-To its Message-ID, [AP-…] in the subject).</summary>
internal sealed class ReplySender(SandboxSettings settings) : IAsyncDisposable
{
    private SmtpClient? _client;

    public async Task<SentReply> SendAsync(ClusterAccount account, Alert alert, string command, CancellationToken cancellationToken)
    {
        var id = $"{Guid.NewGuid():N}@responder.sandbox.test";
        var raw = Encoding.UTF8.GetBytes(
            $"From: Chaos Responder <{account.Responder}>\r\nTo: <{account.Mailbox}>\r\nSubject: RE: [{alert.Reference}] {alert.Subject}\r\n" +
            $"Message-ID: <{id}>\r\nIn-Reply-To: <{alert.MessageId}>\r\nReferences: <{alert.MessageId}>\r\n" +
            $"Date: {DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture)} +0000\r\n" +
            $"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{command}\r\n\r\n> Reply \"ack\" to acknowledge.\r\n");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (_client is null)
                {
                    _client = new SmtpClient(new MailConnectionOptions());
                    await _client.ConnectAsync(new MailEndpoint("127.0.0.1", settings.Ports.SmtpInject, TlsMode.None), cancellationToken);
                }

                await _client.SendAsync(account.Responder, [account.Mailbox], raw, cancellationToken);
                return new SentReply(id, account, alert, DateTimeOffset.UtcNow);
            }
            catch (Exception ex) when (attempt < 3 && ex is IOException or AckPoller.Mail.MailException or System.Net.Sockets.SocketException)
            {
                await DisposeAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
            _client = null;
        }
    }
}
