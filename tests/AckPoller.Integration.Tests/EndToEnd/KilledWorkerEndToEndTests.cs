using System.Text;
using System.Text.Json.Nodes;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Integration.Tests.Imap;
using AckPoller.Mail.Smtp;
using AckPoller.Mail.Transport;
using AckPoller.Sandbox;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace AckPoller.Integration.Tests.EndToEnd;

/// <summary>The worker as a real process (`dotnet ackpoller.dll run --config …`), killed (SIGKILL) while it works through
/// a batch of replies, then started again: no reply lost, none acted on twice, one confirmation each. Password accounts
/// (the sandbox password, given through the environment) because the child process cannot reach the in-process stand-in.
/// The worker is an <see cref="AckPollerNode"/>, started again with the same configuration.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class KilledWorkerEndToEndTests
{
    // Enough replies that an idle machine (a few milliseconds per reply) is still mid-batch when the kill comes.
    private const int Replies = 400;

    /// <summary>How often the log is counted while the worker runs: the kill must come mid-batch.</summary>
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(5);
    private readonly ITestOutputHelper _output;

    public KilledWorkerEndToEndTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Killed_mid_batch_and_restarted_gives_exactly_one_log_row_and_one_confirmation_per_reply()
    {
        var settings = SandboxSettings.Load();
        var folder = NodeConfig.NewFolder("ackpoller-e2e-kill");
        var monitored = settings.NewAddress("replies");
        var oncall = settings.NewAddress("oncall");
        var database = Path.Combine(folder, "ackpoller.db");
        var config = Path.Combine(folder, "appsettings.json");
        // SendTimeout 10 s: confirmations the killed worker had claimed but not sent are taken again after twice that
        // (20 s), inside the wait below; with the default (1 min → 2 min lease) the test would depend on how many were
        // claimed at the kill.
        var json = NodeConfig.Sandbox(settings, folder, NodeConfig.Sqlite(database), "replies", "ackpoller.sandbox.test",
            [NodeConfig.Account(settings, "replies", monitored, pop3: false, "ACKPOLLER_E2E_PASSWORD", new JsonObject { ["Interval"] = "00:00:02" },
                new JsonObject { ["ProcessExistingMail"] = true, ["FetchBatchSize"] = 5 })]);
        json["Scheduling"] = new JsonObject { ["OutboxInterval"] = "00:00:01" };
        json["Alerts"]!["SendTimeout"] = "00:00:10";
        await NodeConfig.WriteAsync(json, config);
        var options = new AckPollerOptions { Storage = new StorageOptions { DatabasePath = database } };
        // Only for the alert identity (From, Reply-To, Message-ID domain), which must match the worker's configuration.
        options.Accounts.Add(new MailAccountOptions { Name = "replies", Mailbox = monitored, SmtpServer = "smtp://localhost:1", AuthKind = AccountAuthKind.Password });
        options.Alerts.SenderAccount = "replies";
        options.Alerts.MessageIdDomain = "ackpoller.sandbox.test";
        var store = await SqliteStore.OpenAsync(options.Storage, TimeProvider.System, NullLoggerFactory.Instance, default);
        var alerts = new AlertService(store.Transactions, new AlertEmailComposer(AlertMailIdentity.Resolve(options), TimeProvider.System), TimeProvider.System,
            NullLogger<AlertService>.Instance);
        var alert = await alerts.RaiseAsync(new RaiseAlertRequest { Subject = "Queue backlog", Body = "orders queue > 10k", Recipients = [oncall] }, default);

        var ids = new List<string>();
        await using (var inject = new SmtpClient(new MailConnectionOptions()))
        {
            // One SMTP session for the whole batch: a connection per message would make delivery the slow part.
            await inject.ConnectAsync(new MailEndpoint("127.0.0.1", settings.Ports.SmtpInject, TlsMode.None), default);
            for (var i = 0; i < Replies; i++)
            {
                var id = $"{Guid.NewGuid():N}.{i}@client.sandbox.test";
                ids.Add(id);
                await inject.SendAsync(oncall, [monitored], Encoding.UTF8.GetBytes(
                    $"From: Jane Doe <{oncall}>\r\nTo: <{monitored}>\r\nSubject: RE: [{alert.Reference}] Queue backlog\r\nMessage-ID: <{id}>\r\n" +
                    $"In-Reply-To: <{alert.MessageId}>\r\nReferences: <{alert.MessageId}>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
                    $"note step {i}\r\n\r\n> Reply \"ack\" to acknowledge.\r\n"), default);
            }

            await inject.QuitAsync(default);
        }

        await using (var client = await ImapSandbox.LoginAsync(settings, monitored))
        {
            await ImapSandbox.WaitForInboxAsync(client, Replies);
        }

        var worker = new AckPollerNode(WorkerProcess.Launch(config, new Dictionary<string, string> { ["ACKPOLLER_E2E_PASSWORD"] = settings.Password }));
        try
        {
            worker.Start();
            long atKill = 0;
            await worker.WaitUntilAsync(async () => (atKill = await CountLogAsync(store)) >= 8, TimeSpan.FromSeconds(60), "8 log rows", Every);
            await worker.KillAsync();
            var afterKill = await CountLogAsync(store);
            _output.WriteLine($"killed with {atKill} → {afterKill} of {Replies} log rows");
            Assert.True(afterKill < Replies, $"the batch finished ({afterKill} rows) before the kill; nothing was interrupted");

            worker.Start(); // again, with the same configuration
            try
            {
                await worker.WaitUntilAsync(async () => await CountLogAsync(store) >= Replies, TimeSpan.FromSeconds(90), $"{Replies} log rows", Every);
                await worker.WaitUntilAsync(async () => (await store.Outbox.ListAsync(OutboxState.Sent, 1000, default)).Count(m => m.Kind == OutboxKind.Confirmation) >= Replies,
                    TimeSpan.FromSeconds(60), "all confirmations sent");
                await Task.Delay(TimeSpan.FromSeconds(3));
            }
            finally
            {
                await worker.KillAsync();
            }

            var log = (await store.AckLog.QueryAsync(new AckLogQuery { Account = "replies", Limit = 1000 }, default)).Entries;
            Assert.Equal(Replies, log.Count);
            Assert.Equal(ids.Order(), log.Select(e => e.SourceMessageId!).Order());
            Assert.All(log, e => Assert.Equal((AckOutcome.Applied, AckAction.Note), (e.Outcome, e.Action!.Value)));
            var outbox = await store.Outbox.ListAsync(OutboxState.Sent, 1000, default);
            Assert.Equal(Replies, outbox.Count(m => m.Kind == OutboxKind.Confirmation));

            var delivered = await WaitForConfirmationsAsync(settings, oncall, ids);
            foreach (var id in ids)
            {
                Assert.True(delivered[id] == 1, $"reply {id}: {delivered[id]} confirmations delivered");
            }
        }
        finally
        {
            await worker.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<long> CountLogAsync(SqliteStore store) =>
        (await store.AckLog.QueryAsync(new AckLogQuery { Account = "replies", Limit = 1000 }, default)).Entries.Count;

    /// <summary>Counts, per reply, the confirmations in the on-call maildir threaded under it (waits for all to arrive).</summary>
    private static async Task<Dictionary<string, int>> WaitForConfirmationsAsync(SandboxSettings settings, string address, List<string> ids)
    {
        var at = address.LastIndexOf('@');
        var maildir = Path.Combine(settings.Directory, "mail", address[(at + 1)..].ToLowerInvariant(), address[..at].ToLowerInvariant(), "Maildir");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var counts = await CountAsync();
            if (counts.Values.All(n => n >= 1))
            {
                // A moment more so a duplicate still in Postfix's queue would be counted too.
                await Task.Delay(TimeSpan.FromSeconds(2));
                return await CountAsync();
            }

            if (DateTime.UtcNow > deadline)
            {
                return counts;
            }

            await Task.Delay(200);
        }

        async Task<Dictionary<string, int>> CountAsync()
        {
            var counts = ids.ToDictionary(id => id, _ => 0);
            foreach (var sub in new[] { "new", "cur" })
            {
                var path = Path.Combine(maildir, sub);
                if (!Directory.Exists(path))
                {
                    continue;
                }

                foreach (var file in Directory.EnumerateFiles(path))
                {
                    var message = Mail.Mime.MimeParser.Parse(await File.ReadAllBytesAsync(file));
                    foreach (var id in message.InReplyTo)
                    {
                        if (counts.TryGetValue(id, out var n))
                        {
                            counts[id] = n + 1;
                        }
                    }
                }
            }

            return counts;
        }
    }
}
