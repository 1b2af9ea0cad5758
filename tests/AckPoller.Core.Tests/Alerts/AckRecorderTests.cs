using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;
using AckPoller.Core.Replies;

namespace AckPoller.Core.Tests.Alerts;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class AckRecorderTests
{
    [Fact]
    public async Task Ack_acknowledges_logs_and_queues_a_threaded_confirmation()
    {
        using var world = await AckWorld.CreateAsync();
        var alert = await world.RaiseAsync();
        var reply = AckWorld.Reply(alert, ReplyCommand.Ack, comment: "looking into it");

        var result = await world.RecordAsync(reply);

        Assert.Equal((AckOutcome.Applied, "acknowledged", false), (result.Outcome, result.Reason, result.AlreadyProcessed));
        var stored = await world.Engine.Store.Alerts.GetAsync(alert.Id, default);
        Assert.Equal(AlertState.Acknowledged, stored!.State);
        Assert.Equal(("jane@example.com", "Jane Doe", world.Engine.Time.GetUtcNow()), (stored.AcknowledgedBy, stored.AcknowledgedByName, stored.AcknowledgedAt));

        var log = (await world.Engine.Store.AckLog.QueryAsync(new AckLogQuery(), default)).Entries.Single();
        Assert.Equal(AckAction.Ack, log.Action);
        Assert.Equal(alert.Reference, log.AlertReference);
        Assert.Equal(("jane@example.com", "Jane Doe", "looking into it", reply.MessageId), (log.ActorAddress, log.ActorName, log.Comment, log.SourceMessageId));
        Assert.Equal(("oncall", "imap"), (log.Account, log.Protocol));
        Assert.Equal(world.Engine.Time.GetUtcNow().AddSeconds(-3), log.ReceivedAt);

        var confirmation = AckWorld.Parse((await world.OutboxAsync(OutboxKind.Confirmation)).Single());
        Assert.Equal([reply.MessageId!], confirmation.InReplyTo);
        Assert.Equal([alert.MessageId!, reply.MessageId!], confirmation.References);
        Assert.Equal($"RE: [{alert.Reference}] Disk full on db1", confirmation.Subject);
        Assert.Equal("auto-generated", confirmation.Headers["Auto-Submitted"]);
        Assert.Equal("jane@example.com", confirmation.To.Single().Address);
        Assert.Empty(confirmation.Cc);
        Assert.Equal("oncall@ackpoller.test", confirmation.From.Single().Address);
        Assert.StartsWith($"{alert.Reference} acknowledged by Jane Doe at 10:42 UTC: looking into it", confirmation.GetTextBody(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_message_key_twice_gives_one_log_row_one_outbox_row_and_the_first_outcome()
    {
        using var world = await AckWorld.CreateAsync();
        var alert = await world.RaiseAsync();
        var reply = AckWorld.Reply(alert, ReplyCommand.Ack);

        var first = await world.RecordAsync(reply, key: "imap:INBOX:7:42");
        world.Engine.Time.Advance(TimeSpan.FromMinutes(5));
        var second = await world.RecordAsync(AckWorld.Reply(alert, ReplyCommand.Resolve), key: "imap:INBOX:7:42");

        Assert.False(first.AlreadyProcessed);
        Assert.True(second.AlreadyProcessed);
        Assert.Equal((first.Outcome, first.Reason), (second.Outcome, second.Reason));
        Assert.Equal(AlertState.Acknowledged, second.Alert!.State);
        Assert.Equal(1, await world.Engine.ScalarAsync("SELECT COUNT(*) FROM ack_log"));
        Assert.Equal(1, await world.Engine.ScalarAsync("SELECT COUNT(*) FROM outbox WHERE kind = 'Confirmation'"));
        Assert.Equal(1, await world.Engine.ScalarAsync("SELECT COUNT(*) FROM processed_messages"));
    }

    [Fact]
    public async Task A_second_ack_by_someone_else_is_logged_as_ignored_and_changes_nothing()
    {
        using var world = await AckWorld.CreateAsync();
        var alert = await world.RaiseAsync();
        await world.RecordAsync(AckWorld.Reply(alert, ReplyCommand.Ack));
        world.Engine.Time.Advance(TimeSpan.FromMinutes(1));

        var second = await world.RecordAsync(AckWorld.Reply(alert, ReplyCommand.Ack, from: "bob@example.com", name: "Bob"));

        Assert.Equal((AckOutcome.Ignored, "already acknowledged by Jane Doe"), (second.Outcome, second.Reason));
        var stored = await world.Engine.Store.Alerts.GetAsync(alert.Id, default);
        Assert.Equal("jane@example.com", stored!.AcknowledgedBy);
        Assert.Equal(2, await world.Engine.ScalarAsync("SELECT COUNT(*) FROM ack_log"));
        Assert.Single(await world.OutboxAsync(OutboxKind.Confirmation));
    }

    [Fact]
    public async Task Unack_resolve_snooze_and_note_move_the_alert_as_documented()
    {
        using var world = await AckWorld.CreateAsync();
        var alert = await world.RaiseAsync();
        var now = world.Engine.Time.GetUtcNow();

        Assert.Equal(AckOutcome.Ignored, (await world.RecordAsync(AckWorld.Reply(alert, ReplyCommand.Unack))).Outcome);
        Assert.Equal(AlertState.Acknowledged, (await world.RecordAsync(AckWorld.Reply(alert, ReplyCommand.Ack))).Alert!.State);
        var reopened = await world.RecordAsync(AckWorld.Reply(alert, ReplyCommand.Unack));
        Assert.Equal((AlertState.Open, (string?)null), (reopened.Alert!.State, reopened.Alert.AcknowledgedBy));

        var snoozed = await world.RecordAsync(AckWorld.Reply(alert, ReplyCommand.Snooze, argument: "1h30m"));
        Assert.Equal(AckOutcome.Applied, snoozed.Outcome);
        Assert.Equal((AlertState.Snoozed, now.AddMinutes(90)), (snoozed.Alert!.State, snoozed.Alert.SnoozedUntil));
        Assert.Equal("snoozed until 2025-03-04 12:12 UTC", snoozed.Reason);

        var note = await world.RecordAsync(AckWorld.Reply(alert, ReplyCommand.Note, argument: "vendor ticket 1234"));
        Assert.Equal((AckOutcome.Applied, "note added", AlertState.Snoozed), (note.Outcome, note.Reason, note.Alert!.State));

        var resolved = await world.RecordAsync(AckWorld.Reply(alert, ReplyCommand.Resolve));
        Assert.Equal((AlertState.Resolved, (DateTimeOffset?)null), (resolved.Alert!.State, resolved.Alert.SnoozedUntil));
        Assert.Equal((AckOutcome.Ignored, "already resolved"), Outcome(await world.RecordAsync(AckWorld.Reply(alert, ReplyCommand.Ack))));

        var log = (await world.Engine.Store.AckLog.QueryAsync(new AckLogQuery { Action = AckAction.Note }, default)).Entries.Single();
        Assert.Equal("vendor ticket 1234", log.Comment);
        var confirmations = await world.OutboxAsync(OutboxKind.Confirmation);
        Assert.Equal(5, confirmations.Count);
        Assert.Contains(confirmations, m => AckWorld.Parse(m).GetTextBody()!.StartsWith($"{alert.Reference} note added by Jane Doe at 10:42 UTC: vendor ticket 1234", StringComparison.Ordinal));
        Assert.Contains(confirmations, m => AckWorld.Parse(m).GetTextBody()!.StartsWith($"{alert.Reference} snoozed by Jane Doe until 2025-03-04 12:12 UTC.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, "snooze needs a duration")]
    [InlineData("soon", "cannot read the snooze duration 'soon'")]
    [InlineData("45d", "longer than the 30d allowed")]
    public async Task A_bad_snooze_is_rejected_with_the_reason_and_answered(string? argument, string reason)
    {
        using var world = await AckWorld.CreateAsync();
        var alert = await world.RaiseAsync();

        var result = await world.RecordAsync(AckWorld.Reply(alert, ReplyCommand.Snooze, argument: argument));

        Assert.Equal(AckOutcome.Rejected, result.Outcome);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
        Assert.Equal(AlertState.Open, result.Alert!.State);
        var rejection = AckWorld.Parse((await world.OutboxAsync(OutboxKind.Rejection)).Single());
        Assert.StartsWith("Your reply was not applied: ", rejection.GetTextBody(), StringComparison.Ordinal);
        Assert.Contains(reason, rejection.GetTextBody(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_without_a_command_does_the_configured_default_action()
    {
        using var acking = await AckWorld.CreateAsync();
        var alert = await acking.RaiseAsync();
        Assert.Equal(AlertState.Acknowledged, (await acking.RecordAsync(AckWorld.Reply(alert, ReplyCommand.None, comment: "on it"))).Alert!.State);

        using var noting = await AckWorld.CreateAsync(o => o.DefaultAction = AckAction.Note);
        var other = await noting.RaiseAsync();
        var result = await noting.RecordAsync(AckWorld.Reply(other, ReplyCommand.None, comment: "on it"));
        Assert.Equal((AckOutcome.Applied, "note added", AlertState.Open), (result.Outcome, result.Reason, result.Alert!.State));
    }

    [Fact]
    public async Task Unmatched_and_unauthorized_replies_are_rejected_and_answered_threaded()
    {
        using var world = await AckWorld.CreateAsync();
        var alert = await world.RaiseAsync();

        var unmatched = AckWorld.Reply(null, ReplyCommand.Ack) with { AlertReference = AlertReference.Parse("AP-ZZZZZZ") };
        Assert.Equal((AckOutcome.Rejected, "no alert matches AP-ZZZZZZ"), Outcome(await world.RecordAsync(unmatched)));
        var unauthorized = AckWorld.Reply(alert, ReplyCommand.Ack, from: "mallory@evil.test", name: null);
        Assert.Equal((AckOutcome.Rejected, "mallory@evil.test is not allowed to act on alerts"), Outcome(await world.RecordAsync(unauthorized, authorized: false)));

        Assert.Equal(AlertState.Open, (await world.Engine.Store.Alerts.GetAsync(alert.Id, default))!.State);
        var rejections = (await world.OutboxAsync(OutboxKind.Rejection)).Select(AckWorld.Parse).ToList();
        Assert.Equal(2, rejections.Count);
        var toMallory = rejections.Single(m => m.To.Single().Address == "mallory@evil.test");
        Assert.Equal([unauthorized.MessageId!], toMallory.InReplyTo);
        Assert.Equal("auto-generated", toMallory.Headers["Auto-Submitted"]);
        Assert.Contains("not allowed to act on alerts", toMallory.GetTextBody(), StringComparison.Ordinal);
        Assert.Equal(2, (await world.Engine.Store.AckLog.QueryAsync(new AckLogQuery { Outcome = AckOutcome.Rejected }, default)).Entries.Count);
        Assert.Equal(1, await world.Engine.Store.AckLog.CountRejectionsAsync("MALLORY@evil.test", DateTimeOffset.MinValue, default));
    }

    [Fact]
    public async Task Auto_replies_and_locked_out_senders_are_ignored_without_an_answer()
    {
        using var world = await AckWorld.CreateAsync();
        var alert = await world.RaiseAsync();

        var auto = AckWorld.Reply(alert, ReplyCommand.Ack) with { AutoReply = true, AutoReplyReason = "Auto-Submitted: auto-replied" };
        Assert.Equal((AckOutcome.Ignored, "Auto-Submitted: auto-replied"), Outcome(await world.RecordAsync(auto)));
        var locked = await world.Recorder.RecordAsync(world.Incoming(), AckWorld.Reply(alert, ReplyCommand.Ack, from: "mallory@evil.test"),
            new SenderDecision(false, "mallory@evil.test is locked out after 5 rejected replies") { LockedOut = true }, default);
        Assert.Equal(AckOutcome.Ignored, locked.Outcome);

        Assert.Equal(0, await world.Engine.ScalarAsync("SELECT COUNT(*) FROM outbox WHERE kind <> 'Alert'"));
        Assert.Equal(AlertState.Open, (await world.Engine.Store.Alerts.GetAsync(alert.Id, default))!.State);
        Assert.Equal(2, await world.Engine.ScalarAsync("SELECT COUNT(*) FROM ack_log WHERE outcome = 'Ignored'"));
    }

    [Fact]
    public async Task Confirmations_copy_the_alert_recipients_when_configured()
    {
        using var world = await AckWorld.CreateAsync(o => o.CopyRecipientsOnConfirmation = true);
        var alert = await world.RaiseAsync();

        await world.RecordAsync(AckWorld.Reply(alert, ReplyCommand.Ack));

        var message = (await world.OutboxAsync(OutboxKind.Confirmation)).Single();
        Assert.Equal(["jane@example.com", "bob@example.com"], message.Recipients);
        Assert.Equal("bob@example.com", AckWorld.Parse(message).Cc.Single().Address);
    }

    [Fact]
    public async Task A_failure_in_any_insert_rolls_back_the_whole_record_and_a_retry_then_applies_once()
    {
        using var world = await AckWorld.CreateAsync();
        var alert = await world.RaiseAsync();
        await world.Engine.ExecuteAsync("CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");

        var reply = AckWorld.Reply(alert, ReplyCommand.Ack);
        await Assert.ThrowsAnyAsync<Exception>(() => world.RecordAsync(reply, key: "pop3:UIDL-1"));

        Assert.Equal(AlertState.Open, (await world.Engine.Store.Alerts.GetAsync(alert.Id, default))!.State);
        Assert.Equal(0, await world.Engine.ScalarAsync("SELECT COUNT(*) FROM ack_log"));
        Assert.Equal(0, await world.Engine.ScalarAsync("SELECT COUNT(*) FROM processed_messages"));
        Assert.Equal(["pop3:UIDL-1"], await world.Engine.Store.Mailboxes.FindUnprocessedAsync("oncall", ["pop3:UIDL-1"], default));

        await world.Engine.ExecuteAsync("DROP TRIGGER fail_outbox");
        var retried = await world.RecordAsync(reply, key: "pop3:UIDL-1");
        Assert.Equal((AckOutcome.Applied, false), (retried.Outcome, retried.AlreadyProcessed));
        Assert.Equal(1, await world.Engine.ScalarAsync("SELECT COUNT(*) FROM ack_log"));
        Assert.Single(await world.OutboxAsync(OutboxKind.Confirmation));
    }

    private static (AckOutcome, string) Outcome(AckRecordResult result) => (result.Outcome, result.Reason);
}
