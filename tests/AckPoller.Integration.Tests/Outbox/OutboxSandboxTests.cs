using System.Text;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Integration.Tests.Auth;
using AckPoller.Integration.Tests.Smtp;
using AckPoller.Mail.Mime;
using Microsoft.Extensions.Logging;

namespace AckPoller.Integration.Tests.Outbox;

/// <summary>The outbox against the real sandbox Postfix (submission, STARTTLS), authenticated with SASL XOAUTH2 using an
/// app-only (client credentials) token that real MSAL obtains from the in-process Entra stand-in.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class OutboxSandboxTests
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_raised_alert_is_delivered_through_postfix_with_an_oauth_token()
    {
        await using var harness = await AuthHarness.StartAsync();
        var world = await OpenAsync(harness);
        var oncall = harness.Settings.NewAddress("oncall");
        var marker = Guid.NewGuid().ToString("N");

        var alert = await world.Alerts.RaiseAsync(new RaiseAlertRequest { Subject = "Disk full " + marker, Body = "/var is 99% full", Recipients = [oncall] }, default);
        var result = await world.Sender.SendDueAsync(default);

        Assert.Equal(new OutboxSendResult(1, 0, 0), result);
        var delivered = MimeParser.Parse(Encoding.UTF8.GetBytes(await SmtpSandbox.WaitForDeliveryAsync(harness.Settings, oncall, marker, Delivery)));
        Assert.Equal($"[{alert.Reference}] Disk full {marker}", delivered.Subject);
        Assert.Equal(alert.MessageId, delivered.MessageId);
        Assert.Equal(harness.AppMailbox, delivered.ReplyTo.Single().Address);
        Assert.Contains("\"snooze 30m\"", delivered.GetTextBody(), StringComparison.Ordinal);
        var sent = (await world.Store.Outbox.ListAsync(OutboxState.Sent, 10, default)).Single();
        Assert.Equal(alert.MessageId, sent.MessageId);
        Assert.Contains(harness.Entra.Issuances, i => i.ClientId == harness.ClientId);
        Assert.Contains(harness.Logs.Lines, l => l.Contains("Sent Alert", StringComparison.Ordinal));
        Assert.Contains(harness.Logs.Lines, l => l.Contains($"as {harness.AppMailbox} with XOAUTH2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_recipient_postfix_refuses_ends_dead_with_the_reason_while_a_good_message_still_goes_out()
    {
        await using var harness = await AuthHarness.StartAsync();
        var world = await OpenAsync(harness);
        var good = harness.Settings.NewAddress("good");
        var marker = Guid.NewGuid().ToString("N");
        var now = harness.Time.GetUtcNow();
        var refused = await world.Store.Outbox.EnqueueAsync(Message(harness.AppMailbox, "nobody@[1.2.3.999]", "refused", now), default);
        var accepted = await world.Store.Outbox.EnqueueAsync(Message(harness.AppMailbox, good, marker, now), default);

        var result = await world.Sender.SendDueAsync(default);

        Assert.Equal(new OutboxSendResult(1, 0, 1), result);
        var dead = await world.Store.Outbox.GetAsync(refused, default);
        Assert.Equal(OutboxState.Dead, dead!.State);
        Assert.Contains("501 5.1.3", dead.LastError, StringComparison.Ordinal);
        Assert.Contains("Bad recipient address syntax", dead.LastError, StringComparison.Ordinal);
        Assert.Equal(OutboxState.Sent, (await world.Store.Outbox.GetAsync(accepted, default))!.State);
        await SmtpSandbox.WaitForDeliveryAsync(harness.Settings, good, marker, Delivery);
    }

    /// <summary>The sandbox Postfix takes at most 1,000 recipients per transaction (smtpd_recipient_limit, default) and
    /// answers 452 4.5.3 to the rest: an alert to 1,100 goes out in two transactions, and everyone gets it.</summary>
    [Fact]
    public async Task An_alert_to_more_recipients_than_postfix_takes_per_transaction_reaches_all_of_them_in_several_transactions()
    {
        await using var harness = await AuthHarness.StartAsync();
        var world = await OpenAsync(harness);
        var first = harness.Settings.NewAddress("first");
        var last = harness.Settings.NewAddress("last");
        var marker = Guid.NewGuid().ToString("N");
        var recipients = new List<string> { first };
        recipients.AddRange(Enumerable.Range(0, 1_098).Select(i => $"rota{i}@elsewhere.test"));
        recipients.Add(last);

        var alert = await world.Alerts.RaiseAsync(new RaiseAlertRequest { Subject = "Everyone " + marker, Recipients = recipients }, default);
        var result = await world.Sender.SendDueAsync(default);

        Assert.Equal(new OutboxSendResult(1, 0, 0), result);
        var sent = (await world.Store.Outbox.ListAsync(OutboxState.Sent, 10, default)).Single();
        Assert.Null(sent.LastError);
        Assert.Equal(1_100, (await world.Store.Outbox.DeliveredAsync(sent.Id, default)).Count);
        Assert.Contains(harness.Logs.Lines, l => l.Contains("took 1000 recipients in this transaction; sending to the other 100", StringComparison.Ordinal));
        foreach (var address in new[] { first, last })
        {
            var delivered = MimeParser.Parse(Encoding.UTF8.GetBytes(await SmtpSandbox.WaitForDeliveryAsync(harness.Settings, address, marker, Delivery)));
            Assert.Equal(alert.MessageId, delivered.MessageId);
        }
    }

    private static OutboxMessage Message(string from, string to, string marker, DateTimeOffset now)
    {
        var composed = new MessageComposer("ackpoller.sandbox.test").Compose(new OutgoingMessage
        {
            From = new MailboxAddress(from),
            To = [new MailboxAddress("placeholder@sandbox.test")],
            Subject = "outbox test " + marker,
            TextBody = "marker " + marker,
        });
        return new OutboxMessage { Kind = OutboxKind.Notification, Recipients = [to], MessageId = composed.MessageId, Raw = composed.Bytes, CreatedAt = now, NextAttemptAt = now };
    }

    private static async Task<World> OpenAsync(AuthHarness harness)
    {
        var account = harness.Account(AckPoller.Core.Configuration.AccountAuthKind.ClientCredentials, MailProtocol.Imap, name: "sender");
        var authenticators = await harness.OpenAsync(account);
        var options = new AckPollerOptions { Storage = new StorageOptions { DatabasePath = harness.DatabasePath } };
        options.Accounts.Add(account);
        options.Alerts.SenderAccount = "sender";
        options.Alerts.MessageIdDomain = "ackpoller.sandbox.test";
        options.Alerts.SmtpExtraCaFile = harness.Settings.CaFile;
        var store = await SqliteStore.OpenAsync(options.Storage, harness.Time, harness.Loggers, default);
        var identity = AlertMailIdentity.Resolve(options);
        var alerts = new AlertService(store.Transactions, new AlertEmailComposer(identity, harness.Time), harness.Time, harness.Loggers.CreateLogger<AlertService>());
        var transport = new SmtpOutboxTransport(authenticators, identity, options.Alerts, harness.Loggers.CreateLogger<SmtpOutboxTransport>());
        var sender = new OutboxSender(store.Outbox, transport, options.Alerts, harness.Time, harness.Loggers.CreateLogger<OutboxSender>());
        return new World(store, alerts, sender);
    }

    private sealed record World(SqliteStore Store, AlertService Alerts, OutboxSender Sender);
}
