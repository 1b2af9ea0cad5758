using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;
using AckPoller.Core.Replies;
using AckPoller.Core.Tests.Replies;
using AckPoller.Mail.Mime;

namespace AckPoller.Core.Tests.Alerts;

/// <summary>Issue 11 item 2: with anti-spoofing on, forged replies claiming a responder's From neither lock that
/// responder out nor get answered at the claimed address; the lockout counts what authentication established.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ForgedReplyLockoutTests
{
    private const string Trusted = "mx.ackpoller.test";

    [Fact]
    public async Task Five_forged_replies_then_the_genuine_one_acknowledges_and_nothing_is_sent_to_the_victim()
    {
        using var world = await AckWorld.CreateAsync();
        var policy = Policy(world);
        var alert = await world.RaiseAsync();

        for (var i = 0; i < 5; i++)
        {
            var forged = await RecordAsync(world, policy, alert, "unack", authenticationResults: null);
            Assert.Equal(AckOutcome.Ignored, forged.Outcome);
            Assert.Contains("anti-spoofing: no Authentication-Results header from a trusted server", forged.Reason, StringComparison.Ordinal);
            Assert.Contains("not answered and not counted against jane@example.com", forged.Reason, StringComparison.Ordinal);
        }

        var failing = await RecordAsync(world, policy, alert, "resolve", $"{Trusted}; dmarc=fail header.from=example.com");
        Assert.Equal(AckOutcome.Ignored, failing.Outcome);
        Assert.Equal(0, await world.Engine.Store.AckLog.CountRejectionsAsync("jane@example.com", DateTimeOffset.MinValue, default));

        var genuine = await RecordAsync(world, policy, alert, "ack", $"{Trusted}; dmarc=pass header.from=example.com");

        Assert.Equal((AckOutcome.Applied, "acknowledged"), (genuine.Outcome, genuine.Reason));
        Assert.Equal(AlertState.Acknowledged, (await world.Engine.Store.Alerts.GetAsync(alert.Id, default))!.State);
        Assert.Empty(await world.OutboxAsync(OutboxKind.Rejection));
        Assert.Single(await world.OutboxAsync(OutboxKind.Confirmation));
    }

    [Fact]
    public async Task A_forged_reply_to_no_known_alert_is_not_answered_either()
    {
        using var world = await AckWorld.CreateAsync();
        var policy = Policy(world);

        var forged = await RecordAsync(world, policy, alert: null, "ack", authenticationResults: null);

        Assert.Equal(AckOutcome.Ignored, forged.Outcome);
        Assert.Empty(await world.OutboxAsync(OutboxKind.Rejection));
    }

    [Fact]
    public async Task Rejections_of_authenticated_replies_still_lock_the_sender_out()
    {
        using var world = await AckWorld.CreateAsync();
        var policy = Policy(world, threshold: 2);
        var alert = await world.RaiseAsync();
        var pass = $"{Trusted}; dmarc=pass header.from=example.com";

        var first = await RecordAsync(world, policy, alert, "snooze forever", pass);
        var second = await RecordAsync(world, policy, alert, "snooze forever", pass);
        var third = await RecordAsync(world, policy, alert, "ack", pass);

        Assert.Equal((AckOutcome.Rejected, AckOutcome.Rejected), (first.Outcome, second.Outcome));
        Assert.Equal(AckOutcome.Ignored, third.Outcome);
        Assert.Contains("is locked out after 2 rejected replies", third.Reason, StringComparison.Ordinal);
        Assert.Equal(2, (await world.OutboxAsync(OutboxKind.Rejection)).Count);
    }

    private static SenderPolicy Policy(AckWorld world, int threshold = 5)
    {
        var options = new RepliesOptions { RequireDmarcPass = true, LockoutThreshold = threshold };
        options.TrustedAuthServIds.Add(Trusted);
        return new SenderPolicy(options, world.Engine.Store.AckLog, world.Engine.Time);
    }

    private static async Task<AckRecordResult> RecordAsync(AckWorld world, SenderPolicy policy, Alert? alert, string text, string? authenticationResults)
    {
        var subject = alert is null ? "Re: [AP-ZZZZZZ] something" : $"RE: [{alert.Reference}] {alert.Subject}";
        var message = ReplyTestFiles.Parse(
            (authenticationResults is null ? string.Empty : $"Authentication-Results: {authenticationResults}\n") + $"""
            From: Jane Doe <jane@example.com>
            Subject: {subject}
            Message-ID: <{Guid.NewGuid():N}@mail.example.com>

            {text}
            """);
        var command = CommandParser.Parse(text);
        var analysis = AckWorld.Reply(alert, command.Command, argument: command.Argument) with
        {
            MessageId = message.MessageId,
            AlertReference = alert?.Reference ?? AlertReference.Parse("AP-ZZZZZZ"),
        };
        var decision = await policy.DecideAsync(analysis, message, default);
        return await world.Recorder.RecordAsync(world.Incoming(), analysis, decision, default);
    }
}
