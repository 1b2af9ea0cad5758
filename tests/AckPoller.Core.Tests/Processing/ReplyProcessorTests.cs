using AckPoller.Core.Alerts;
using AckPoller.Core.Processing;
using AckPoller.Mail;

namespace AckPoller.Core.Tests.Processing;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ReplyProcessorTests
{
    [Fact]
    public async Task An_authorized_ack_is_analysed_authorized_recorded_and_only_then_filed_as_processed()
    {
        var world = new ProcessingWorld();
        var reply = world.Reply(messageId: "r1");

        var result = Assert.Single(await world.ProcessAsync(reply));

        Assert.Equal(MessageOutcome.Applied, result.Outcome);
        Assert.True(result.Recorded);
        Assert.Equal(["analyze r1@contoso.com", "decide r1@contoso.com", "record imap:INBOX:7:1", "settle imap:INBOX:7:1 Processed"], world.Calls);
        Assert.Single(world.Log.Applied);
    }

    [Fact]
    public async Task An_unauthorized_sender_is_recorded_as_rejected_and_filed_in_rejected()
    {
        var world = new ProcessingWorld();

        var result = Assert.Single(await world.ProcessAsync(world.Reply(from: "mallory@evil.example")));

        Assert.Equal(MessageOutcome.Rejected, result.Outcome);
        Assert.Contains("not allowed", result.Reason, StringComparison.Ordinal);
        Assert.Equal(ReplyDisposition.Rejected, world.Mailbox.Filed["imap:INBOX:7:1"]);
        Assert.Empty(world.Log.Applied);
    }

    [Fact]
    public async Task Auto_replies_never_reach_the_sender_policy_and_unmatched_replies_do()
    {
        // Unmatched ones must: with anti-spoofing on, a forged "RE: lunch?" is ignored, not answered "no alert matches".
        var world = new ProcessingWorld();

        var results = await world.ProcessAsync(
            world.Reply(extraHeaders: "Auto-Submitted: auto-replied\r\n"),
            world.Reply(subject: "RE: lunch?"));

        Assert.Equal([MessageOutcome.Ignored, MessageOutcome.Rejected], results.Select(r => r.Outcome));
        Assert.Single(world.Calls, c => c.StartsWith("decide", StringComparison.Ordinal));
        Assert.Equal(ReplyDisposition.Processed, world.Mailbox.Filed["imap:INBOX:7:1"]);
        Assert.Equal(ReplyDisposition.Rejected, world.Mailbox.Filed["imap:INBOX:7:2"]);
    }

    [Theory]
    [InlineData("\u0000\u0001\u0002 binary garbage without any header\r\n", "no header fields")]
    [InlineData("Subject: no sender\r\nMessage-ID: <x@y>\r\n\r\nack\r\n", "no sender address")]
    public async Task A_malformed_message_is_recorded_as_ignored_with_the_reason_moved_aside_and_the_next_one_still_processed(string raw, string reason)
    {
        var world = new ProcessingWorld();

        var results = await world.ProcessAsync(world.Raw(raw), world.Reply());

        Assert.True(results[0].Malformed);
        Assert.Equal(MessageOutcome.Ignored, results[0].Outcome);
        Assert.Contains(reason, results[0].Reason, StringComparison.Ordinal);
        Assert.StartsWith(PollerAnalyses.MalformedPrefix, world.Log.Processed[$"{ProcessingWorld.Account}\nimap:INBOX:7:1"].Result.Reason, StringComparison.Ordinal);
        Assert.Equal(ReplyDisposition.Rejected, world.Mailbox.Filed["imap:INBOX:7:1"]);
        Assert.Equal(MessageOutcome.Applied, results[1].Outcome);
        Assert.DoesNotContain("analyze ", world.Calls[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_too_large_to_download_is_recorded_as_malformed_without_being_analysed()
    {
        var world = new ProcessingWorld();
        var big = world.Raw([]) with { MalformedReason = "too large: 99999999 bytes" };

        var result = Assert.Single(await world.ProcessAsync(big));

        Assert.True(result.Malformed);
        Assert.Contains("too large", result.Reason, StringComparison.Ordinal);
        Assert.Equal(["record imap:INBOX:7:1", "settle imap:INBOX:7:1 Rejected"], world.Calls);
    }

    [Fact]
    public async Task A_refused_move_fails_that_message_only_and_the_retry_redoes_only_the_server_step()
    {
        var world = new ProcessingWorld();
        var first = world.Reply();
        var second = world.Reply();
        world.Mailbox.Fail = m => m == first ? new MailCommandException("MOVE failed: NO [SERVERBUG]", "a NO [SERVERBUG] oops") : null;

        var results = await world.ProcessAsync(first, second);

        Assert.Equal([MessageOutcome.Failed, MessageOutcome.Applied], results.Select(r => r.Outcome));
        Assert.True(results[0].Recorded);
        Assert.Equal(2, world.Log.Applied.Count);

        world.Mailbox.Fail = null;
        var retry = Assert.Single(await world.ProcessAsync(ProcessingWorld.Again(first)));

        Assert.Equal(MessageOutcome.Applied, retry.Outcome);
        Assert.True(retry.AlreadyProcessed);
        Assert.Equal(2, world.Log.Applied.Count);
        Assert.Equal(ReplyDisposition.Processed, world.Mailbox.Filed[first.Reply.MessageKey]);
    }

    [Fact]
    public async Task A_rejected_reply_fetched_again_after_a_crash_goes_to_rejected_again()
    {
        var world = new ProcessingWorld();
        var reply = world.Reply(from: "mallory@evil.example");
        world.Mailbox.Fail = _ => new OperationCanceledException("killed");

        await Assert.ThrowsAsync<OperationCanceledException>(() => world.ProcessAsync(reply));
        world.Mailbox.Fail = null;
        var retry = Assert.Single(await world.ProcessAsync(ProcessingWorld.Again(reply)));

        Assert.True(retry.AlreadyProcessed);
        Assert.Equal(ReplyDisposition.Rejected, world.Mailbox.Filed[reply.Reply.MessageKey]);
    }

    [Fact]
    public async Task A_lost_connection_while_filing_ends_the_batch()
    {
        var world = new ProcessingWorld();
        world.Mailbox.Fail = _ => new MailConnectionException("connection reset");

        await Assert.ThrowsAsync<MailConnectionException>(() => world.ProcessAsync(world.Reply(), world.Reply()));

        Assert.Single(world.Log.Applied);
    }

    [Fact]
    public async Task A_recording_failure_leaves_the_message_unfiled_and_the_batch_goes_on()
    {
        var world = new ProcessingWorld();
        var first = world.Reply();
        world.Log.FailRecording = r => r == first.Reply ? new InvalidOperationException("database is locked") : null;

        var results = await world.ProcessAsync(first, world.Reply());

        Assert.Equal([MessageOutcome.Failed, MessageOutcome.Applied], results.Select(r => r.Outcome));
        Assert.False(results[0].Recorded);
        Assert.False(world.Mailbox.Filed.ContainsKey(first.Reply.MessageKey));
    }

    [Fact]
    public async Task A_message_whose_analysis_keeps_throwing_is_retried_then_treated_as_malformed()
    {
        var world = new ProcessingWorld();
        var reply = world.Reply(subject: "RE: [AP-7K3QZ9] explode");

        for (var attempt = 1; attempt < ReplyProcessor.MaxAnalysisAttempts; attempt++)
        {
            var failed = Assert.Single(await world.ProcessAsync(ProcessingWorld.Again(reply)));
            Assert.Equal(MessageOutcome.Failed, failed.Outcome);
            Assert.False(world.Mailbox.Filed.ContainsKey(reply.Reply.MessageKey));
        }

        var last = Assert.Single(await world.ProcessAsync(ProcessingWorld.Again(reply)));

        Assert.True(last.Malformed);
        Assert.Contains("analysis failed 3 times: analyzer exploded", last.Reason, StringComparison.Ordinal);
        Assert.Equal(ReplyDisposition.Rejected, world.Mailbox.Filed[reply.Reply.MessageKey]);
    }

    [Fact]
    public async Task A_second_copy_of_a_processed_message_is_ignored_as_a_duplicate_in_the_same_batch_and_in_later_ones()
    {
        var world = new ProcessingWorld();

        var results = await world.ProcessAsync(world.Reply(messageId: "same"), world.Reply(messageId: "same"));
        var later = Assert.Single(await world.ProcessAsync(world.Reply(messageId: "same")));

        Assert.Equal([MessageOutcome.Applied, MessageOutcome.Ignored], results.Select(r => r.Outcome));
        Assert.Equal(PollerAnalyses.DuplicateReason, results[1].Reason);
        Assert.Equal(MessageOutcome.Ignored, later.Outcome);
        Assert.Single(world.Log.Applied);
        Assert.Equal(ReplyDisposition.Processed, world.Mailbox.Filed["imap:INBOX:7:3"]);
    }

    [Fact]
    public async Task A_copy_whose_first_twin_failed_to_record_is_processed_normally_and_the_twin_then_counts_as_duplicate()
    {
        var world = new ProcessingWorld();
        var first = world.Reply(messageId: "twin");
        var second = world.Reply(messageId: "twin");
        world.Log.FailRecording = r => r == first.Reply ? new InvalidOperationException("busy") : null;

        var results = await world.ProcessAsync(first, second);
        world.Log.FailRecording = null;
        var retry = Assert.Single(await world.ProcessAsync(ProcessingWorld.Again(first)));

        Assert.Equal([MessageOutcome.Failed, MessageOutcome.Applied], results.Select(r => r.Outcome));
        Assert.Equal(MessageOutcome.Ignored, retry.Outcome);
        Assert.Single(world.Log.Applied);
    }

    [Fact]
    public async Task Present_before_first_run_is_recorded_as_ignored_and_never_applied()
    {
        var world = new ProcessingWorld();
        var reply = new AckPoller.Core.Replies.IncomingReply(ProcessingWorld.Account, "pop3", "pop3-before-first-run:abc", ReadOnlyMemory<byte>.Empty, DateTimeOffset.UnixEpoch);

        Assert.True(await world.Processor.RecordPresentBeforeFirstRunAsync(reply, default));

        var recorded = world.Log.Processed[$"{ProcessingWorld.Account}\npop3-before-first-run:abc"].Result;
        Assert.Equal(AckOutcome.Ignored, recorded.Outcome);
        Assert.Equal(PollerAnalyses.PresentBeforeFirstRunReason, recorded.Reason);
    }
}
