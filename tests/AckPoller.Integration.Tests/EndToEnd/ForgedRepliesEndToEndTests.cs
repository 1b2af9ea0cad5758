using System.Text;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;

namespace AckPoller.Integration.Tests.EndToEnd;

/// <summary>Issue 11 item 2 end to end with `ackpoller run` (IMAP IDLE, Replies:RequireDmarcPass on): five forged replies
/// claiming the on-call person's From (no Authentication-Results) neither lock them out nor get answered at their
/// address; their genuine reply, carrying dmarc=pass from the trusted receiving server, acknowledges the alert.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class ForgedRepliesEndToEndTests
{
    private const string TrustedServer = "mx.sandbox.test";

    [Fact]
    public async Task Forged_five_times_then_genuine_dmarc_pass_acknowledges_and_the_victim_gets_only_the_confirmation()
    {
        await using var world = await EndToEndWorld.StartAsync(ReplyChannel.ImapIdle, startWorker: false);
        world.RepliesJson = $$"""{ "RequireDmarcPass": true, "TrustedAuthServIds": [ "{{TrustedServer}}" ], "LockoutThreshold": 5 }""";
        await File.WriteAllTextAsync(world.ConfigPath, world.ConfigJson());
        world.StartWorker();
        var settings = world.Harness.Settings;
        var alert = await world.RaiseAsync("Disk full on db01");
        var received = await world.WaitForAlertEmailAsync(alert);

        var attacker = settings.NewAddress("attacker");
        var forged = new List<ComposedReply>();
        for (var i = 0; i < 5; i++)
        {
            var reply = ReplyStyles.Compose("gmail", received, world.OnCall, EndToEndWorld.OnCallName, world.Monitored, "resolve");
            forged.Add(reply);
            await SandboxMail.DeliverAsync(settings, attacker, world.Monitored, reply.Bytes);
        }

        var afterForged = await world.WaitForLogAsync(5);
        foreach (var reply in forged)
        {
            var entry = Assert.Single(afterForged, e => e.SourceMessageId == reply.MessageId);
            Assert.Equal((AckOutcome.Ignored, world.OnCall), (entry.Outcome, entry.ActorAddress));
            Assert.Contains("anti-spoofing", entry.Reason, StringComparison.Ordinal);
        }

        Assert.Equal(AlertState.Open, (await world.AlertAsync(alert.Reference)).State);

        var domain = world.OnCall[(world.OnCall.LastIndexOf('@') + 1)..];
        var composed = ReplyStyles.Compose("outlook", received, world.OnCall, EndToEndWorld.OnCallName, world.Monitored, "ack - on it");
        var genuine = composed with
        {
            Bytes = [.. Encoding.ASCII.GetBytes($"Authentication-Results: {TrustedServer};\r\n\tspf=pass smtp.mailfrom={domain};\r\n\tdmarc=pass (p=reject) header.from={domain}\r\n"), .. composed.Bytes],
        };
        await SandboxMail.DeliverAsync(settings, world.OnCall, world.Monitored, genuine.Bytes);

        var log = await world.WaitForLogAsync(6);
        var acked = Assert.Single(log, e => e.SourceMessageId == genuine.MessageId);
        Assert.True(acked.Outcome == AckOutcome.Applied && acked.Action == AckAction.Ack, $"{acked.Outcome} {acked.Action}: {acked.Reason}");
        var state = await world.AlertAsync(alert.Reference);
        Assert.Equal((AlertState.Acknowledged, world.OnCall), (state.State, state.AcknowledgedBy));

        // The confirmation reaches the on-call person; no rejection was ever queued, so none can arrive later.
        await world.WaitForMailAsync(world.OnCall, m => m.InReplyTo.Contains(genuine.MessageId), 1);
        var answers = await world.Store.Outbox.ListAsync(null, 100, default);
        Assert.DoesNotContain(answers, m => m.Kind == OutboxKind.Rejection);
        Assert.Single(answers, m => m.Kind == OutboxKind.Confirmation);
        Assert.All(forged, reply => Assert.Empty(world.AnswersTo(world.OnCall, reply.MessageId)));
    }
}
