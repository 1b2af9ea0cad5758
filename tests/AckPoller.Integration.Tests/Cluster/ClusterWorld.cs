using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
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

/// <summary>N real `ackpoller run` processes (<see cref="AckPollerCluster"/>) sharing one database of the test run's private
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
    private readonly ConcurrentDictionary<string, DeliveredAnswer?> _parsed = new(StringComparer.Ordinal);
    private PostgreSqlStore? _store;
    private AlertService? _alerts;

    private ClusterWorld(PostgresServer server, SandboxSettings settings, string folder, string database, IReadOnlyList<ClusterAccount> accounts, Action<string> log)
    {
        _server = server;
        Settings = settings;
        Folder = folder;
        Database = database;
        Accounts = accounts;
        ConfigPath = Path.Combine(folder, "appsettings.json");
        Cluster = new AckPollerCluster(folder, WorkerProcess.Launch(ConfigPath, new Dictionary<string, string>
        {
            [MailPasswordVariable] = Settings.Password,
            [DbPasswordVariable] = _server.Password,
        }), log);
    }

    public SandboxSettings Settings { get; }

    public string Folder { get; }

    public string Database { get; }

    public string ConfigPath { get; }

    public IReadOnlyList<ClusterAccount> Accounts { get; }

    /// <summary>The nodes: started, killed (kill -9) and started again by the test; disposed with the world.</summary>
    public AckPollerCluster Cluster { get; }

    public IReadOnlyList<AckPollerNode> Nodes => Cluster.Nodes;

    /// <summary>The account whose SMTP sends the confirmations (Alerts:SenderAccount).</summary>
    public ClusterAccount SenderAccount => Accounts[0];

    /// <summary>Creates the database (schema migrated by the test, so the nodes find it current), the accounts and the
    /// shared configuration; starts no node yet.</summary>
    public static async Task<ClusterWorld> CreateAsync(PostgresServer server, IReadOnlyList<ClusterAccountKind> kinds, Action<string> log)
    {
        var settings = SandboxSettings.Load();
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The cluster tests need the Linux sandbox.");
        }

        var folder = NodeConfig.NewFolder("ackpoller-cluster");
        var database = await server.CreateDatabaseAsync();
        var accounts = kinds.Select((kind, i) => new ClusterAccount(
            $"{Prefix(kind)}{i}", settings.NewAddress("cluster-" + Prefix(kind)), kind, settings.NewAddress("responder"))).ToList();
        var world = new ClusterWorld(server, settings, folder, database, accounts, log);
        await NodeConfig.WriteAsync(world.Config(), world.ConfigPath);

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
    private JsonObject Config()
    {
        var config = NodeConfig.Sandbox(Settings, Folder, NodeConfig.PostgreSql(_server.ConnectionStringWithoutPassword(Database), DbPasswordVariable),
            SenderAccount.Name, MessageIdDomain, Accounts.Select(a => NodeConfig.Account(Settings, a.Name, a.Mailbox, a.Kind == ClusterAccountKind.Pop3, MailPasswordVariable,
                a.Kind switch
                {
                    ClusterAccountKind.ImapIdle => new JsonObject { ["Interval"] = "00:01:00", ["Idle"] = true },
                    ClusterAccountKind.ImapPolling => new JsonObject { ["Interval"] = "00:00:02", ["Idle"] = false },
                    _ => new JsonObject { ["Interval"] = "00:00:02" },
                },
                new JsonObject { ["ProcessExistingMail"] = true, ["DeleteAfterProcessing"] = a.Kind == ClusterAccountKind.Pop3 })));
        config["Web"] = new JsonObject { ["Enabled"] = false };
        config["Scheduling"] = new JsonObject { ["OutboxInterval"] = "00:00:01", ["MailRetryBaseDelay"] = "00:00:00.2" };
        config["Alerts"]!["SendTimeout"] = "00:00:05";
        return config;
    }

    // ---- nodes ----

    /// <summary>Starts <paramref name="count"/> nodes and waits (bounded) until each has registered in cluster_nodes (it
    /// logs its node id once it has).</summary>
    public async Task StartNodesAsync(int count, TimeSpan timeout)
    {
        for (var i = 0; i < count; i++)
        {
            Cluster.StartNode();
        }

        await WaitUntilAsync(() => Task.FromResult(Nodes.Count(n => n.NodeId is not null) >= count), timeout, $"{count} nodes registered");
    }

    /// <summary>Polls <paramref name="condition"/> every 200 ms until true; throws when a node died by itself and after
    /// <paramref name="timeout"/>.</summary>
    public Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        Cluster.WaitUntilAsync(condition, timeout, what, TimeSpan.FromMilliseconds(200));

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

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
    }
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
