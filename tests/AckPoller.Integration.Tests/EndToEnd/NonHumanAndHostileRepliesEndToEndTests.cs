using System.Text;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Integration.Tests.Imap;
using AckPoller.Integration.Tests.Polling;
using AckPoller.Mail.Imap;

namespace AckPoller.Integration.Tests.EndToEnd;

/// <summary>Issue 5 end to end with `ackpoller run` on IMAP IDLE: the alert's quoted footer (which names "resolve",
/// "unack" and "snooze") never triggers a command; an unauthorized sender is rejected and answered; an auto-reply and a
/// bounce are ignored without an answer; a malformed message is moved aside with a logged reason and the reply after it
/// is still acked.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class NonHumanAndHostileRepliesEndToEndTests
{
    [Fact]
    public async Task Footer_in_the_quote_does_not_trigger_a_command()
    {
        await using var world = await EndToEndWorld.StartAsync(ReplyChannel.ImapIdle);
        var styles = new[] { "plain", "outlook", "html-only", "gmail" };
        var alerts = new List<Alert>();
        foreach (var style in styles)
        {
            alerts.Add(await world.RaiseAsync($"Replication lag ({style})"));
        }

        var replies = new List<ComposedReply>();
        for (var i = 0; i < styles.Length; i++)
        {
            var received = await world.WaitForAlertEmailAsync(alerts[i]);
            Assert.Contains("\"resolve\" when fixed", MessageText.Of(received), StringComparison.Ordinal);
            var reply = ReplyStyles.Compose(styles[i], received, world.OnCall, EndToEndWorld.OnCallName, world.Monitored, i == 2 ? string.Empty : "looking into it");
            replies.Add(reply);
            await SandboxMail.DeliverAsync(world.Harness.Settings, world.OnCall, world.Monitored, reply.Bytes);
        }

        var log = await world.WaitForLogAsync(styles.Length);
        await world.WaitForMailAsync(world.OnCall, m => replies.Any(r => m.InReplyTo.Contains(r.MessageId)), styles.Length);
        for (var i = 0; i < styles.Length; i++)
        {
            var entry = Assert.Single(log, e => e.SourceMessageId == replies[i].MessageId);
            Assert.True(entry.Outcome == AckOutcome.Applied && entry.Action == AckAction.Ack && entry.Argument is null,
                $"{styles[i]}: {entry.Outcome} {entry.Action} {entry.Argument} ({entry.Reason})");
            Assert.Equal(i == 2 ? null : "looking into it", string.IsNullOrEmpty(entry.Comment) ? null : entry.Comment);
            Assert.Equal(AlertState.Acknowledged, (await world.AlertAsync(alerts[i].Reference)).State);
        }
    }

    [Fact]
    public async Task Unauthorized_is_rejected_and_answered_auto_reply_and_bounce_ignored_malformed_moved_aside_and_the_next_reply_acked()
    {
        await using var world = await EndToEndWorld.StartAsync(ReplyChannel.ImapIdle);
        var settings = world.Harness.Settings;
        var alert = await world.RaiseAsync("Certificate expires in 3 days");
        var received = await world.WaitForAlertEmailAsync(alert);

        var mallory = settings.NewAddress("mallory");
        var unauthorized = ReplyStyles.Compose("gmail", received, mallory, "Mallory", world.Monitored, "resolve");
        await SandboxMail.DeliverAsync(settings, mallory, world.Monitored, unauthorized.Bytes);

        var autoReplyId = $"{Guid.NewGuid():N}.ooo@client.sandbox.test";
        await SandboxMail.DeliverAsync(settings, world.OnCall, world.Monitored, Encoding.UTF8.GetBytes(
            $"From: {EndToEndWorld.OnCallName} <{world.OnCall}>\r\nTo: <{world.Monitored}>\r\nSubject: Automatic reply: {received.Subject}\r\n" +
            $"Message-ID: <{autoReplyId}>\r\nIn-Reply-To: <{alert.MessageId}>\r\nAuto-Submitted: auto-replied\r\nX-Auto-Response-Suppress: All\r\n" +
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nI am out of the office until Monday. ack\r\n"));

        var bounceId = $"{Guid.NewGuid():N}.dsn@sandbox.test";
        await SandboxMail.DeliverAsync(settings, string.Empty, world.Monitored, Encoding.UTF8.GetBytes(
            $"From: Mail Delivery System <MAILER-DAEMON@sandbox.test>\r\nTo: <{world.Monitored}>\r\nSubject: Undelivered Mail Returned to Sender\r\n" +
            $"Message-ID: <{bounceId}>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n" +
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"dsn\"\r\n\r\n" +
            $"--dsn\r\nContent-Type: text/plain\r\n\r\nYour message about {alert.Reference} could not be delivered. ack\r\n" +
            "--dsn\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; sandbox.test\r\n\r\nFinal-Recipient: rfc822; gone@sandbox.test\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n" +
            $"--dsn\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <{alert.MessageId}>\r\nSubject: {received.Subject}\r\n\r\n--dsn--\r\n"));

        await LmtpDelivery.DeliverAsync(settings, world.Monitored, Encoding.ASCII.GetBytes("garbage line\r\n\u0001 no sender at all\r\n"));

        var good = ReplyStyles.Compose("outlook", received, world.OnCall, EndToEndWorld.OnCallName, world.Monitored, "ack after the noise");
        await SandboxMail.DeliverAsync(settings, world.OnCall, world.Monitored, good.Bytes);

        var log = await world.WaitForLogAsync(5);
        var rejected = Assert.Single(log, e => e.SourceMessageId == unauthorized.MessageId);
        Assert.Equal((AckOutcome.Rejected, mallory), (rejected.Outcome, rejected.ActorAddress));
        var autoReply = Assert.Single(log, e => e.SourceMessageId == autoReplyId);
        Assert.Equal(AckOutcome.Ignored, autoReply.Outcome);
        Assert.Contains("Auto-Submitted", autoReply.Reason, StringComparison.Ordinal);
        var bounce = Assert.Single(log, e => e.SourceMessageId == bounceId);
        Assert.Equal(AckOutcome.Ignored, bounce.Outcome);
        Assert.Contains("bounce", bounce.Reason, StringComparison.Ordinal);
        var malformed = Assert.Single(log, e => e.Reason.Contains("malformed", StringComparison.Ordinal));
        Assert.Equal(AckOutcome.Ignored, malformed.Outcome);
        Assert.Contains("no sender address", malformed.Reason, StringComparison.Ordinal);
        Assert.Contains("neither a recipient", rejected.Reason, StringComparison.Ordinal);
        var acked = Assert.Single(log, e => e.SourceMessageId == good.MessageId);
        Assert.Equal((AckOutcome.Applied, AckAction.Ack, "after the noise"), (acked.Outcome, acked.Action, acked.Comment));
        Assert.Equal(AlertState.Acknowledged, (await world.AlertAsync(alert.Reference)).State);

        var rejection = Assert.Single(await world.WaitForMailAsync(mallory, m => m.InReplyTo.Contains(unauthorized.MessageId), 1));
        Assert.Contains(alert.Reference.ToString(), rejection.Subject ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        await world.WaitForMailAsync(world.OnCall, m => m.InReplyTo.Contains(good.MessageId), 1);

        // Nothing answers the auto-reply or the bounce; the confirmation and the rejection are the only answers sent.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Empty(world.AnswersTo(world.OnCall, autoReplyId));
        Assert.Empty(world.AnswersTo(world.OnCall, bounceId));
        Assert.Equal(2, (await world.Store.Outbox.ListAsync(Core.Outbox.OutboxState.Sent, 100, default)).Count(m => m.Kind != Core.Outbox.OutboxKind.Alert));
        Assert.Equal(5, (await world.AckLogAsync()).Count);

        await using var client = await ImapSandbox.LoginAsync(settings, world.Monitored);
        Assert.Equal(0u, (await client.SelectAsync("INBOX", default)).Exists);
        Assert.Equal(2u, (await client.SelectAsync("Rejected", default)).Exists);
        Assert.Equal(3u, (await client.SelectAsync("Processed", default)).Exists);
    }
}
