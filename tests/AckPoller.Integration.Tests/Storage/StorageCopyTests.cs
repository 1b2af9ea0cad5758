using System.Globalization;
using System.Text.Json;
using AckPoller.Cli;
using AckPoller.Core.Alerts;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Notifications;
using AckPoller.Core.Outbox;
using AckPoller.Core.Processing;
using AckPoller.Core.Storage;
using AckPoller.Core.Storage.Copy;
using AckPoller.Core.Storage.PostgreSql;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Core.Webhooks;
using AckPoller.Integration.Tests.Cli;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit.Abstractions;

namespace AckPoller.Integration.Tests.Storage;

/// <summary>Issue 12, "Moving up": `ackpoller storage copy --to …` from a SQLite database the app's own stores filled
/// (every table has rows) into an empty PostgreSQL database of the test run's private server: the counts match, sample
/// rows read back equal through the PostgreSQL stores, identity sequences continue after the copied ids, and a real
/// `ackpoller run` on the copy acknowledges a reply to an alert raised while the node still ran on SQLite. A non-empty
/// target, a password inside --to and a wrong password are refused without echoing the password; every SQLite table is
/// copied or named as deliberately not copied.</summary>
[Collection(PostgresCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class StorageCopyTests(PostgresServer server, ITestOutputHelper output) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly string _folder = Directory.CreateTempSubdirectory("ackpoller-copy-").FullName;
    private readonly string _passwordVariable = "ACKPOLLER_TEST_COPY_PASSWORD_" + Guid.NewGuid().ToString("N");
    private readonly List<CliFolder> _cliFolders = [];

    // Microsecond-aligned (PostgreSQL keeps microseconds; SQLite's text keeps 100 ns ticks).
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(DateTime.UtcNow.Ticks / 10 * 10 - TimeSpan.TicksPerHour, TimeSpan.Zero));

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_passwordVariable, null);
        SqliteConnection.ClearAllPools();
        _cliFolders.ForEach(f => f.Dispose());
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Every_sqlite_table_is_copied_or_named_as_not_copied_and_every_postgresql_data_table_is_a_copy_target()
    {
        var database = await server.CreateDatabaseAsync();
        var sqlite = await SqliteStore.OpenAsync(new StorageOptions { DatabasePath = Path.Combine(_folder, "map.db") }, _time, NullLoggerFactory.Instance, default);
        await (await PostgreSqlStore.OpenAsync(server.ConnectionString(database), _time, NullLoggerFactory.Instance, default)).DisposeAsync(); // the schema

        await using var source = (SqliteConnection)await sqlite.Connections.OpenAsync(default);
        var sqliteTables = await SqliteToPostgreSqlCopy.SourceTablesAsync(source, default);
        var known = SqliteToPostgreSqlCopy.Tables.Concat(SqliteToPostgreSqlCopy.NotCopied.Keys).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(known, sqliteTables.Order(StringComparer.Ordinal));

        // The other way round: a PostgreSQL table that is neither a copy target nor PostgreSQL-only would never be filled.
        var pgTables = await PostgreSqlTablesAsync(database);
        var postgresOnly = pgTables.Where(t => t.StartsWith("qrtz_", StringComparison.Ordinal) || t == "cluster_nodes").ToList();
        Assert.Equal(known, pgTables.Except(postgresOnly).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_sqlite_table_the_copy_does_not_know_stops_the_copy_naming_it()
    {
        var database = await server.CreateDatabaseAsync();
        var sqlite = await SqliteStore.OpenAsync(new StorageOptions { DatabasePath = Path.Combine(_folder, "future.db") }, _time, NullLoggerFactory.Instance, default);
        await (await PostgreSqlStore.OpenAsync(server.ConnectionString(database), _time, NullLoggerFactory.Instance, default)).DisposeAsync(); // the schema

        await using var source = (SqliteConnection)await sqlite.Connections.OpenAsync(default);
        await using (var create = source.CreateCommand())
        {
            create.CommandText = "CREATE TABLE escalation_rules (id INTEGER PRIMARY KEY, rule TEXT NOT NULL); INSERT INTO escalation_rules (rule) VALUES ('page');";
            await create.ExecuteNonQueryAsync();
        }

        await using var target = new NpgsqlConnection(server.ConnectionString(database));
        await target.OpenAsync();
        var refused = await Assert.ThrowsAsync<StoreException>(() => SqliteToPostgreSqlCopy.CopyAsync(source, target, default));
        Assert.Contains("escalation_rules", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await PostgreSqlCountAsync(database, "alerts"));
    }

    [Fact]
    public async Task An_unreachable_target_exits_3_naming_host_and_port()
    {
        var config = await SmallSqliteAsync();
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var copy = await CliRun.RunAsync("storage", "copy", "--to", $"Host=127.0.0.1;Port={port};Username=ackpoller;Database=ackpoller;Timeout=5", "--config", config);

        Assert.True(copy.Exit == ExitCodes.ConnectionFailed, copy.ToString());
        Assert.Contains($"Cannot reach PostgreSQL at 127.0.0.1:{port}", copy.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_round_trip_keeps_every_row_and_a_node_on_the_copy_acknowledges_a_pending_reply()
    {
        using var node = new StorageNode(_folder);
        var sqliteConfig = await node.WriteConfigAsync("sqlite.json", $$"""{ "DatabasePath": "{{Path.Combine(_folder, "ackpoller.db")}}" }""");
        var sqlite = await SqliteStore.OpenAsync(new StorageOptions { DatabasePath = Path.Combine(_folder, "ackpoller.db") }, _time, NullLoggerFactory.Instance, default);
        var (open, acked) = await PopulateAsync(sqlite, node);

        var database = await server.CreateDatabaseAsync();
        Environment.SetEnvironmentVariable(_passwordVariable, server.Password);
        var copy = await CliRun.RunAsync("storage", "copy", "--to", server.ConnectionStringWithoutPassword(database), "--password-env", _passwordVariable, "--config", sqliteConfig);
        output.WriteLine(copy.ToString());
        Assert.True(copy.Exit == ExitCodes.Ok, copy.ToString());
        Assert.Contains("every count matches", copy.Output, StringComparison.Ordinal);
        Assert.Contains("same TokenCache key", copy.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Password, copy.Output + copy.Error, StringComparison.Ordinal);

        // Counts: every table had rows in SQLite, and PostgreSQL has the same number.
        foreach (var table in SqliteToPostgreSqlCopy.Tables)
        {
            var sqliteRows = await SqliteCountAsync(sqlite, table);
            Assert.True(sqliteRows > 0, $"the populated SQLite database has no {table} rows: the test does not exercise that table");
            Assert.True(sqliteRows == await PostgreSqlCountAsync(database, table), $"{table}: SQLite {sqliteRows}, PostgreSQL {await PostgreSqlCountAsync(database, table)}");
            Assert.Matches($@"\b{table}\s+{sqliteRows}\s+{sqliteRows}\b", copy.Output);
        }

        // Sample rows, read through each provider's own store, are equal.
        await using (var pg = await PostgreSqlStore.OpenAsync(server.ConnectionString(database), _time, NullLoggerFactory.Instance, default))
        {
            Assert.Equal(Serialize(await sqlite.Alerts.ListAsync(null, 100, default)), Serialize(await pg.Alerts.ListAsync(null, 100, default)));
            Assert.Equal(Serialize(await sqlite.AckLog.QueryAsync(new AckLogQuery { Limit = 100 }, default)), Serialize(await pg.AckLog.QueryAsync(new AckLogQuery { Limit = 100 }, default)));
            Assert.Equal(Serialize(await sqlite.Outbox.ListAsync(null, 100, default)), Serialize(await pg.Outbox.ListAsync(null, 100, default)));
            var sent = (await sqlite.Outbox.ListAsync(OutboxState.Sent, 10, default)).Single();
            Assert.Equal(await sqlite.Outbox.DeliveredAsync(sent.Id, default), await pg.Outbox.DeliveredAsync(sent.Id, default));
            Assert.Equal(await sqlite.TokenCaches.LoadAsync("entra", "user", default), await pg.TokenCaches.LoadAsync("entra", "user", default));
            Assert.Equal(Serialize(await sqlite.AuthStates.GetAllAsync(default)), Serialize(await pg.AuthStates.GetAllAsync(default)));
            Assert.Equal(await sqlite.Mailboxes.GetCursorAsync("old", "INBOX", default), await pg.Mailboxes.GetCursorAsync("old", "INBOX", default));
            Assert.Equal(
                await sqlite.Mailboxes.FindUnprocessedAsync("replies", ["k-old-1", "k-new"], default),
                await pg.Mailboxes.FindUnprocessedAsync("replies", ["k-old-1", "k-new"], default));
            Assert.Equal(Serialize(await new SqliteAccountActivityStore(sqlite.Connections).GetAllAsync(default)), Serialize(await pg.Activity.GetAllAsync(default)));
            Assert.Equal(await new SqliteNotificationLog(sqlite.Connections).GetAsync("entra", "sign-in", default), await pg.Notifications.GetAsync("entra", "sign-in", default));
            Assert.Equal(await new SqliteExternalSilenceStore(sqlite.Connections).FindSilenceAsync(open.Id, default),
                await new PostgreSqlExternalSilenceStore(pg.Connections).FindSilenceAsync(open.Id, default));
            Assert.Equal(Serialize(await new SqliteWebhookDeliveryStore(sqlite.Connections).ListAsync(null, null, 10, default)),
                Serialize(await new PostgreSqlWebhookDeliveryStore(pg.Connections).ListAsync(null, null, 10, default)));
            Assert.Empty(await new PostgreSqlExternalSilenceStore(pg.Connections).PendingAsync("silences", "alertmanager", 10, default));
        }

        // The identity sequences continue after the copied ids.
        var maxAlert = await PostgreSqlCountAsync(database, "alerts", "MAX(id)");
        var maxLog = await PostgreSqlCountAsync(database, "ack_log", "MAX(id)");
        await using (var pg = await PostgreSqlStore.OpenAsync(server.ConnectionString(database), _time, NullLoggerFactory.Instance, default))
        {
            var later = await Alerts(pg.Transactions, node).RaiseAsync(new RaiseAlertRequest { Subject = "Raised on PostgreSQL", Recipients = [node.OnCall] }, default);
            Assert.Equal(maxAlert + 1, later.Id);
        }

        // A real node on the copy: the reply to the alert raised on SQLite is acknowledged, once.
        var replyId = await node.ReplyAsync(open, "ack on it after the move");
        var pgConfig = await node.WriteConfigAsync("postgresql.json",
            $$"""{ "Provider": "PostgreSql", "ConnectionString": "{{server.ConnectionStringWithoutPassword(database)}}", "PasswordEnv": "{{StorageNode.DatabasePasswordVariable}}" }""");
        var worker = node.Start(pgConfig, server.Password);
        try
        {
            await using var pg = await PostgreSqlStore.OpenAsync(server.ConnectionString(database), _time, NullLoggerFactory.Instance, default);
            await worker.WaitUntilAsync(async () => (await pg.Alerts.GetAsync(open.Id, default))!.State == AlertState.Acknowledged, TimeSpan.FromSeconds(90),
                "the alert raised on SQLite to be acknowledged on PostgreSQL");
            var entry = Assert.Single((await pg.AckLog.QueryAsync(new AckLogQuery { Alert = open.Reference, Action = AckAction.Ack, Limit = 10 }, default)).Entries);
            Assert.Equal((replyId, AckOutcome.Applied, "on it after the move"), (entry.SourceMessageId, entry.Outcome, entry.Comment));
            Assert.True(entry.Id > maxLog, $"new log row id {entry.Id} should follow the copied ids (max {maxLog})");
            Assert.Equal(AlertState.Acknowledged, (await pg.Alerts.GetAsync(acked.Id, default))!.State);

            // The outbox copied as pending (the alert email of the second alert) is sent by the node.
            await worker.WaitUntilAsync(async () => (await pg.Outbox.ListAsync(OutboxState.Pending, 10, default)).All(m => m.Kind != OutboxKind.Alert || m.AlertId != open.Id),
                TimeSpan.FromSeconds(60), "the copied pending alert email to be sent");
        }
        finally
        {
            await worker.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_target_with_rows_is_refused_naming_the_table_and_left_as_it_was()
    {
        var config = await SmallSqliteAsync();
        var database = await server.CreateDatabaseAsync();
        await using (var pg = await PostgreSqlStore.OpenAsync(server.ConnectionString(database), _time, NullLoggerFactory.Instance, default))
        {
            await Alerts(pg.Transactions, null).RaiseAsync(new RaiseAlertRequest { Subject = "Already here", Recipients = ["ops@northwind.example"] }, default);
        }

        Environment.SetEnvironmentVariable(_passwordVariable, server.Password);
        var copy = await CliRun.RunAsync("storage", "copy", "--to", server.ConnectionStringWithoutPassword(database), "--password-env", _passwordVariable, "--config", config);

        Assert.True(copy.Exit == ExitCodes.Failure, copy.ToString());
        Assert.Contains("not empty: table alerts has rows", copy.Error, StringComparison.Ordinal);
        Assert.Equal(1, await PostgreSqlCountAsync(database, "alerts"));
        Assert.Equal(1, await PostgreSqlCountAsync(database, "outbox"));
    }

    [Fact]
    public async Task A_password_inside_the_connection_string_is_refused_without_echoing_it()
    {
        var config = await SmallSqliteAsync();
        const string secret = "Wr1tten-1n-the-Sh3ll";

        var copy = await CliRun.RunAsync("storage", "copy", "--to", $"Host=127.0.0.1;Port={server.Port};Username=postgres;Database=postgres;Password={secret}", "--config", config);

        Assert.True(copy.Exit == ExitCodes.Usage, copy.ToString());
        Assert.Contains("--to: must not contain a password", copy.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, copy.Output + copy.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_a_clear_error_that_never_shows_the_password()
    {
        var config = await SmallSqliteAsync();
        var database = await server.CreateDatabaseAsync();
        const string wrong = "n0t-the-Right-pa55word";
        var file = Path.Combine(_folder, "pg.password");
        await File.WriteAllTextAsync(file, wrong + "\n");

        var copy = await CliRun.RunAsync("storage", "copy", "--to", server.ConnectionStringWithoutPassword(database), "--password-file", file, "--config", config);

        Assert.True(copy.Exit == ExitCodes.Failure, copy.ToString());
        Assert.Contains($"PostgreSQL at 127.0.0.1:{server.Port} refused user 'postgres'", copy.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, copy.Output + copy.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_sqlite_file_and_a_postgresql_configuration_are_refused_before_anything_is_created()
    {
        var missing = Path.Combine(_folder, "missing", "ackpoller.db");
        var noFile = Path.Combine(_folder, "nofile.json");
        await File.WriteAllTextAsync(noFile, $$"""{ "Storage": { "DatabasePath": "{{missing}}" } }""");
        var pgConfig = Path.Combine(_folder, "pg.json");
        await File.WriteAllTextAsync(pgConfig, """{ "Storage": { "Provider": "PostgreSql", "ConnectionString": "Host=127.0.0.1;Username=u;Database=d" } }""");

        var absent = await CliRun.RunAsync("storage", "copy", "--to", server.ConnectionStringWithoutPassword("postgres"), "--config", noFile);
        var wrongSource = await CliRun.RunAsync("storage", "copy", "--to", server.ConnectionStringWithoutPassword("postgres"), "--config", pgConfig);

        Assert.True(absent.Exit == ExitCodes.Failure, absent.ToString());
        Assert.Contains($"there is no SQLite database at {missing}", absent.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
        Assert.True(wrongSource.Exit == ExitCodes.BadConfiguration, wrongSource.ToString());
        Assert.Contains("storage copy reads the SQLite database", wrongSource.Error, StringComparison.Ordinal);
    }

    /// <summary>Fills every copied table through the app's stores, as a SQLite node would have: an alert still open (its
    /// alert email pending), one acknowledged (log row, processed message, sent email with its delivered recipient),
    /// a mailbox cursor, an Entra account's auth state with a pending sign-in and its encrypted token cache, account
    /// activity, an admin notification, an Alertmanager link with its silence (and the silence follower's cursor) and
    /// a webhook delivery.</summary>
    private async Task<(Alert Open, Alert Acked)> PopulateAsync(SqliteStore store, StorageNode node)
    {
        var now = _time.GetUtcNow();
        var alerts = Alerts(store.Transactions, node);
        var acked = await alerts.RaiseAsync(new RaiseAlertRequest { Subject = "Queue backlog", Body = "orders queue > 10k", Severity = "critical", Source = "nagios", Recipients = [node.OnCall, "lead@northwind.example"] }, default);
        var sent = (await store.Outbox.ListAsync(OutboxState.Pending, 10, default)).Single();
        await store.Outbox.RecordDeliveredAsync(sent.Id, [node.OnCall], now, default);
        await store.Outbox.MarkSentAsync(sent.Id, now, 1, "250 2.0.0 Ok", default);
        _time.Advance(TimeSpan.FromMinutes(1));
        var open = await alerts.RaiseAsync(new RaiseAlertRequest { Subject = "Disk full on db01", Body = "/var 97% full", Recipients = [node.OnCall] }, default);

        await using (var work = await store.Transactions.BeginAsync(default))
        {
            var current = (await work.FindAlertAsync(acked.Id, default))!;
            await work.UpdateAlertStateAsync(current with { State = AlertState.Acknowledged, AcknowledgedBy = node.OnCall, AcknowledgedByName = "Jane Doe", AcknowledgedAt = now, UpdatedAt = now }, default);
            await work.InsertProcessedAsync(new ProcessedMessage("replies", "k-old-1", "old-1@client.sandbox.test", AckOutcome.Applied, "acknowledged", acked.Id, now), default);
            await work.AppendAckLogAsync(new AckLogEntry
            {
                AlertId = acked.Id, AlertReference = acked.Reference, Action = AckAction.Ack, ActorAddress = node.OnCall, ActorName = "Jane Doe",
                ReceivedAt = now, ProcessedAt = now, SourceMessageId = "old-1@client.sandbox.test", Account = "replies", Protocol = "imap",
                MessageKey = "k-old-1", Comment = "on it", Outcome = AckOutcome.Applied, Reason = "acknowledged",
            }, default);
            await work.SaveExternalAlertAsync(new ExternalAlertLink("alertmanager", "group:{}:{alertname=\"DiskFull\"}", open.Id, "d1",
                new Dictionary<string, string> { ["alertname"] = "DiskFull", ["instance"] = "db01" }, now), default);
            await work.CommitAsync(default);
        }

        var logId = (await store.AckLog.QueryAsync(new AckLogQuery { Limit = 1 }, default)).Entries.Single().Id;
        await new SqliteExternalSilenceStore(store.Connections).CompleteAsync("silences", logId, "alertmanager", "group:{}:{alertname=\"DiskFull\"}",
            new ExternalSilence("silence-1", now.AddHours(1), null), default);
        await store.Mailboxes.SaveCursorAsync("old", "INBOX", new MailboxCursor(1700000000, 42) { HistoryBefore = now.AddDays(-3) }, default);
        await store.AuthStates.SaveAsync(new AccountAuthStatus
        {
            Account = "entra", State = AuthState.ReauthRequired, Reason = "Sign in again", ErrorCode = "AADSTS700082",
            Challenge = new SignInChallenge { UserCode = "ABCD-1234", VerificationUrl = new Uri("https://microsoft.com/devicelogin"), ExpiresAt = now.AddMinutes(15) },
            Pending = new PendingAuthorization("state-value", [1, 2, 3]), HomeAccountId = "uid.utid", LastRefreshAt = now.AddDays(-1), Since = now, UpdatedAt = now,
        }, default);
        await store.TokenCaches.SaveAsync("entra", "user", [0x41, 0x50, 0x00, 0xFF, 0x10, 0x20, 0x30], default);
        var activity = new SqliteAccountActivityStore(store.Connections);
        await activity.RecordPollAsync("replies", now, "1 message, 1 applied", null, default);
        await activity.RecordIdleAsync("replies", true, now, default);
        await new SqliteNotificationLog(store.Connections).SaveAsync(new NotificationRecord("entra", "sign-in", "ReauthRequired", now), default);
        var webhooks = new SqliteWebhookDeliveryStore(store.Connections);
        var events = await webhooks.NewEventsAsync(10, default);
        await webhooks.EnqueueAsync([new WebhookDelivery
        {
            Webhook = "chat", EventId = "evt-1", EventType = "alert.acknowledged", AlertReference = acked.Reference.ToString(), Payload = "{\"a\":1}",
            NextAttemptAt = now, CreatedAt = now, State = WebhookDeliveryState.Pending,
        }], events.LogCursor, events.AlertCursor, default);
        return (open, (await store.Alerts.GetAsync(acked.Id, default))!);
    }

    private AlertService Alerts(IUnitOfWorkFactory transactions, StorageNode? node)
    {
        var options = new AckPollerOptions();
        options.Accounts.Add(new MailAccountOptions { Name = "replies", Mailbox = node?.Monitored ?? "alerts@northwind.example", SmtpServer = "smtp://localhost:1", AuthKind = AccountAuthKind.Password });
        options.Alerts.SenderAccount = "replies";
        options.Alerts.MessageIdDomain = "ackpoller.sandbox.test";
        return new AlertService(transactions, new AlertEmailComposer(AlertMailIdentity.Resolve(options), _time), _time, NullLogger<AlertService>.Instance);
    }

    /// <summary>A configuration (a password account never contacted) whose SQLite database holds one alert and its pending email.</summary>
    private async Task<string> SmallSqliteAsync()
    {
        var folder = new CliFolder();
        _cliFolders.Add(folder);
        var store = await SqliteStore.OpenAsync(new StorageOptions { DatabasePath = Path.Combine(folder.Path, "ackpoller.db") }, _time, NullLoggerFactory.Instance, default);
        await Alerts(store.Transactions, null).RaiseAsync(new RaiseAlertRequest { Subject = "Disk full", Recipients = ["ops@northwind.example"] }, default);
        return await folder.PasswordConfigAsync();
    }

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Json);

    private static async Task<long> SqliteCountAsync(SqliteStore store, string table)
    {
        await using var connection = await store.Connections.OpenAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private async Task<long> PostgreSqlCountAsync(string database, string table, string what = "COUNT(*)")
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT {what} FROM {table}", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private async Task<List<string>> PostgreSqlTablesAsync(string database)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
