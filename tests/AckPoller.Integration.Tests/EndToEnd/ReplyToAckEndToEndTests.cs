using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using Xunit.Abstractions;

namespace AckPoller.Integration.Tests.EndToEnd;

/// <summary>Issue 5 end to end, per way of reading the monitored mailbox: alerts raised and sent through the outbox
/// (Postfix, XOAUTH2 with a real MSAL token from the stand-in) → delivered to the on-call mailbox → replies as Outlook,
/// Gmail, Apple Mail, an iPhone, a plain-text and an HTML-only client write them, sent through Postfix → `ackpoller run`
/// records each in the ack log (actor, command, comment) → the threaded confirmation reaches the on-call mailbox →
/// each reply processed exactly once.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class ReplyToAckEndToEndTests
{
    private static readonly (string Style, string Text, AckAction Action, string? Argument, string? Comment)[] Cases =
    [
        ("outlook", "ack looking at it", AckAction.Ack, null, "looking at it"),
        ("outlook-original", "acknowledge on my way", AckAction.Ack, null, "on my way"),
        ("gmail", "resolve restarted nginx", AckAction.Resolve, null, "restarted nginx"),
        ("apple", "snooze 30m waiting for the vendor", AckAction.Snooze, "30m", "waiting for the vendor"),
        ("iphone", "Ack", AckAction.Ack, null, null),
        ("plain", "note disk cleanup started", AckAction.Note, null, "disk cleanup started"),
        ("html-only", "ack from the html client", AckAction.Ack, null, "from the html client"),
    ];

    private readonly ITestOutputHelper _output;

    public ReplyToAckEndToEndTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(ReplyChannel.ImapIdle)]
    [InlineData(ReplyChannel.ImapPolling)]
    [InlineData(ReplyChannel.Pop3)]
    public async Task Replies_from_every_client_style_are_acked_once_and_confirmed_in_the_thread(ReplyChannel channel)
    {
        await using var world = await EndToEndWorld.StartAsync(channel);
        var alerts = new List<Alert>();
        foreach (var c in Cases)
        {
            alerts.Add(await world.RaiseAsync($"Disk full on db01 ({c.Style})"));
        }

        var replies = new List<ComposedReply>();
        for (var i = 0; i < Cases.Length; i++)
        {
            var received = await world.WaitForAlertEmailAsync(alerts[i]);
            Assert.Equal(world.Monitored, received.ReplyTo.Single().Address);
            var reply = ReplyStyles.Compose(Cases[i].Style, received, world.OnCall, EndToEndWorld.OnCallName, world.Monitored, Cases[i].Text);
            replies.Add(reply);
            await SandboxMail.DeliverAsync(world.Harness.Settings, world.OnCall, world.Monitored, reply.Bytes);
        }

        var log = await world.WaitForLogAsync(Cases.Length);
        var confirmations = await world.WaitForMailAsync(world.OnCall, m => replies.Any(r => m.InReplyTo.Contains(r.MessageId)), Cases.Length);

        // Settle: further polls (and IDLE wake-ups from the moves) must change nothing.
        await Task.Delay(TimeSpan.FromSeconds(3));
        log = await world.AckLogAsync();
        Assert.Equal(Cases.Length, log.Count);
        for (var i = 0; i < Cases.Length; i++)
        {
            var (style, _, action, argument, comment) = Cases[i];
            var entry = Assert.Single(log, e => e.SourceMessageId == replies[i].MessageId);
            Assert.True(entry.Outcome == AckOutcome.Applied, $"{style}: {entry.Outcome} {entry.Reason}");
            Assert.Equal(alerts[i].Reference, entry.AlertReference);
            Assert.Equal((action, argument, comment), (entry.Action, entry.Argument, string.IsNullOrEmpty(entry.Comment) ? null : entry.Comment));
            Assert.Equal((world.OnCall, EndToEndWorld.OnCallName), (entry.ActorAddress, entry.ActorName));
            Assert.Equal(channel == ReplyChannel.Pop3 ? "pop3" : "imap", entry.Protocol);

            var answer = Assert.Single(world.AnswersTo(world.OnCall, replies[i].MessageId));
            Assert.Contains(replies[i].MessageId, answer.References);
            var text = MessageText.Of(answer);
            Assert.Contains(alerts[i].Reference.ToString(), text, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(EndToEndWorld.OnCallName, text, StringComparison.Ordinal);
        }

        Assert.Equal(AlertState.Resolved, (await world.AlertAsync(alerts[2].Reference)).State);
        Assert.Equal(AlertState.Acknowledged, (await world.AlertAsync(alerts[0].Reference)).State);
        Assert.Equal(Cases.Length, confirmations.Select(c => c.MessageId).Distinct().Count());
        var latency = log.Select(e => e.ProcessedAt - e.ReceivedAt).Max();
        _output.WriteLine($"{channel}: {log.Count} replies acked; max received→processed {latency.TotalMilliseconds:0} ms");
        await world.StopWorkerAsync();
    }
}
