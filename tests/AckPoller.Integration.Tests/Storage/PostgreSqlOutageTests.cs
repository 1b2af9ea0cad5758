using System.Diagnostics;
using System.Globalization;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;
using AckPoller.Core.Storage.PostgreSql;
using AckPoller.Integration.Tests.Imap;
using AckPoller.Mail.Imap;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit.Abstractions;

namespace AckPoller.Integration.Tests.Storage;

/// <summary>Issue 12, "Bad input and faults": PostgreSQL unreachable mid-run. A real `ackpoller run` node reaches the
/// private server only through a <see cref="TcpRelay"/>; the test cuts the relay while replies arrive and restores
/// it about ten seconds later. Throughout, the node keeps running; while the database is gone the replies stay in the
/// monitored INBOX (nothing moved to Processed, nothing lost); after the restore every reply is acknowledged exactly
/// once. (PostgreSQL unreachable at start, exit 3, is <see cref="PostgreSqlCliTests"/>.)</summary>
[Collection(PostgresCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class PostgreSqlOutageTests(PostgresServer server, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    private readonly string _folder = Directory.CreateTempSubdirectory("ackpoller-pg-outage-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <param name="idle">false: polls fired by Quartz's clustered store (in the same database); true: IMAP IDLE also
    /// asks for polls outside Quartz, so replies are read while the database is gone.</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_node_that_loses_postgresql_mid_run_keeps_running_leaves_the_mailbox_alone_and_acknowledges_every_reply_once_after(bool idle)
    {
        using var node = new StorageNode(_folder);
        var database = await server.CreateDatabaseAsync();
        await using var relay = new TcpRelay(server.Port);
        await using var store = await PostgreSqlStore.OpenAsync(server.ConnectionString(database), TimeProvider.System, NullLoggerFactory.Instance, default);
        var alerts = new List<Alert>();
        for (var i = 0; i < 5; i++)
        {
            alerts.Add(await AlertService(store, node).RaiseAsync(new RaiseAlertRequest { Subject = $"Disk full on db0{i}", Recipients = [node.OnCall] }, default));
        }

        var viaRelay = new NpgsqlConnectionStringBuilder(server.ConnectionStringWithoutPassword(database)) { Port = relay.Port, Timeout = 5 }.ConnectionString;
        var config = await node.WriteConfigAsync("appsettings.json",
            $$"""{ "Provider": "PostgreSql", "ConnectionString": "{{viaRelay}}", "PasswordEnv": "{{StorageNode.DatabasePasswordVariable}}" }""", idle);
        var worker = node.Start(config, server.Password);
        try
        {
            // Working before the outage: two replies acknowledged and filed in Processed.
            var before = new List<string> { await node.ReplyAsync(alerts[0], "ack before"), await node.ReplyAsync(alerts[1], "ack before") };
            await worker.WaitUntilAsync(async () => await AcknowledgedAsync(store, alerts.Take(2)) && await CountAsync(node, "Processed") == 2,
                TimeSpan.FromSeconds(90), "the replies before the outage to be acknowledged and filed");

            relay.Cut();
            var cutAt = Stopwatch.StartNew();
            var during = new List<string>();
            for (var i = 2; i < alerts.Count; i++)
            {
                during.Add(await node.ReplyAsync(alerts[i], $"ack during the outage {i}"));
            }

            // While the database is gone: the node runs, the replies arrive and stay in INBOX, nothing is filed.
            await worker.WaitUntilAsync(async () => await CountAsync(node, "INBOX") == during.Count, TimeSpan.FromSeconds(20), "the outage replies in INBOX");
            while (cutAt.Elapsed < Outage)
            {
                if (worker.HasExited)
                {
                    Assert.Fail($"ackpoller run exited ({worker.ExitCode}) while PostgreSQL was unreachable. Worker output:\n{worker.Tail()}");
                }

                Assert.Equal(during.Count, await CountAsync(node, "INBOX"));
                Assert.Equal(before.Count, await CountAsync(node, "Processed"));
                await Task.Delay(500);
            }

            Assert.True(relay.Refused > 0, "the node did not try to reach PostgreSQL during the outage");
            Assert.False(await AcknowledgedAsync(store, alerts.Skip(2).Take(1)), "an outage reply was acknowledged while the database was cut");
            relay.Restore();
            var restored = Stopwatch.StartNew();

            await worker.WaitUntilAsync(async () => await AcknowledgedAsync(store, alerts) && await CountAsync(node, "INBOX") == 0 && await CountAsync(node, "Processed") == alerts.Count,
                TimeSpan.FromSeconds(120), "every reply acknowledged and filed after the restore");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"idle={idle}: outage {cutAt.Elapsed.TotalSeconds - restored.Elapsed.TotalSeconds:F1} s, {relay.Refused} connections refused, all acknowledged {restored.Elapsed.TotalSeconds:F1} s after the restore"));
            Assert.False(worker.HasExited, $"ackpoller run exited after the outage. Worker output:\n{worker.Tail()}");

            // Exactly once: one applied log row per reply, none for anything else, and one processed message per reply.
            var rows = await RowsPerReplyAsync(database);
            Assert.Equal(before.Concat(during).Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
            Assert.All(rows, r => Assert.True(r.Value == 1, $"reply {r.Key}: {r.Value} log rows"));
            Assert.Equal(alerts.Count, await ScalarAsync(database, "SELECT COUNT(*) FROM processed_messages WHERE account = 'replies' AND outcome = 'Applied'"));
        }
        finally
        {
            await worker.DisposeAsync();
            output.WriteLine(worker.Tail());
        }
    }

    private static AlertService AlertService(PostgreSqlStore store, StorageNode node)
    {
        var options = new AckPollerOptions();
        options.Accounts.Add(new MailAccountOptions { Name = "replies", Mailbox = node.Monitored, SmtpServer = "smtp://localhost:1", AuthKind = AccountAuthKind.Password });
        options.Alerts.SenderAccount = "replies";
        options.Alerts.MessageIdDomain = "ackpoller.sandbox.test";
        return new AlertService(store.Transactions, new AlertEmailComposer(AlertMailIdentity.Resolve(options), TimeProvider.System), TimeProvider.System,
            NullLogger<AlertService>.Instance);
    }

    private static async Task<bool> AcknowledgedAsync(PostgreSqlStore store, IEnumerable<Alert> alerts)
    {
        foreach (var alert in alerts)
        {
            if ((await store.Alerts.GetAsync(alert.Id, default))!.State != AlertState.Acknowledged)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Messages in a folder of the monitored mailbox, seen by a fresh session (0 when the folder does not exist yet).</summary>
    private static async Task<int> CountAsync(StorageNode node, string folder)
    {
        await using var client = await ImapSandbox.LoginAsync(node.Settings, node.Monitored);
        try
        {
            await client.ExamineAsync(folder, default);
        }
        catch (ImapCommandException)
        {
            return 0;
        }

        return (await client.UidSearchAsync(ImapSearch.All, default)).Count;
    }

    private async Task<Dictionary<string, long>> RowsPerReplyAsync(string database)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT source_message_id, COUNT(*) FROM ack_log WHERE account = 'replies' AND outcome = 'Applied' GROUP BY source_message_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = reader.GetInt64(1);
        }

        return rows;
    }

    private async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
