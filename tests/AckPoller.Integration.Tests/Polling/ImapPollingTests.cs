using System.Text;
using AckPoller.Core.Configuration;
using AckPoller.Core.Mailboxes;
using AckPoller.Core.Processing;

namespace AckPoller.Integration.Tests.Polling;

/// <summary>IMAP polling against the sandbox Dovecot with a Password account (sandbox password, PLAIN over IMAPS).</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class ImapPollingTests
{
    [Fact]
    public async Task Replies_are_fetched_once_each_and_filed_in_processed_or_rejected_marked_seen()
    {
        await using var world = PollingHarness.Start();
        var account = world.Account(MailProtocol.Imap);
        var poller = await world.OpenAsync(account);
        Assert.Equal(0, (await poller.PollAsync(account.Name, default)).Fetched);

        await world.DeliverAsync(account.Mailbox, 3,
            PollingHarness.Reply(account.Mailbox),
            PollingHarness.Reply(account.Mailbox, from: "mallory@evil.example"),
            PollingHarness.Reply(account.Mailbox, subject: "RE: lunch?"));
        var result = await poller.PollAsync(account.Name, default);
        var again = await poller.PollAsync(account.Name, default);

        Assert.Equal((3, 1, 2, 0, 0), (result.Fetched, result.Applied, result.Rejected, result.Ignored, result.Failed));
        Assert.Equal(0, again.Fetched);
        Assert.Equal(3, world.Log.Processed.Count);
        Assert.Equal(1, world.AppliedCount);
        Assert.Equal((0, 1, 2), await world.CountAsync(account.Mailbox));
        Assert.All(await world.SeenAsync(account.Mailbox, "Processed"), Assert.True);
        Assert.All(await world.SeenAsync(account.Mailbox, "Rejected"), Assert.True);
    }

    [Fact]
    public async Task A_malformed_or_oversized_message_is_moved_aside_with_a_reason_and_the_next_one_is_still_processed()
    {
        await using var world = PollingHarness.Start();
        var account = world.Account(MailProtocol.Imap, p => p.MaxMessageBytes = 4096);
        var poller = await world.OpenAsync(account);
        await poller.PollAsync(account.Name, default);

        var garbage = Encoding.ASCII.GetBytes("this is not a header\r\n\u0001\u0002 binary junk without any sender\r\n");
        var huge = PollingHarness.Reply(account.Mailbox, body: new string('x', 8000));
        await LmtpDelivery.DeliverAsync(world.Settings, account.Mailbox, garbage);
        await world.DeliverAsync(account.Mailbox, 3, huge, PollingHarness.Reply(account.Mailbox));
        var result = await poller.PollAsync(account.Name, default);

        Assert.Equal((3, 1, 0), (result.Fetched, result.Applied, result.Failed));
        var reasons = world.Log.Processed.Values.Select(v => v.Result.Reason).ToList();
        Assert.Contains(reasons, r => r.StartsWith(PollerAnalyses.MalformedPrefix + "no sender address", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith(PollerAnalyses.MalformedPrefix + "too large", StringComparison.Ordinal));
        Assert.Equal((0, 1, 2), await world.CountAsync(account.Mailbox));
    }

    [Fact]
    public async Task Incremental_polling_picks_up_only_new_mail()
    {
        await using var world = PollingHarness.Start();
        var account = world.Account(MailProtocol.Imap, p => p.ProcessedFolder = "Done");
        var poller = await world.OpenAsync(account);
        await poller.PollAsync(account.Name, default);

        await world.DeliverAsync(account.Mailbox, 1, PollingHarness.Reply(account.Mailbox));
        var first = await poller.PollAsync(account.Name, default);
        await world.DeliverAsync(account.Mailbox, 2, PollingHarness.Reply(account.Mailbox), PollingHarness.Reply(account.Mailbox));
        var second = await poller.PollAsync(account.Name, default);

        Assert.Equal((1, 2), (first.Applied, second.Applied));
        Assert.Equal(3, world.RecordCalls("imap:INBOX:"));
        var cursor = await world.Log.GetCursorAsync(account.Name, "INBOX", default);
        Assert.Equal(3u, cursor!.LastUid);
        Assert.Equal((0, 3, 0), await world.CountAsync(account.Mailbox, processed: "Done"));
    }

    [Fact]
    public async Task First_run_on_a_mailbox_with_history_acts_on_nothing_by_default()
    {
        await using var world = PollingHarness.Start();
        var quiet = world.Account(MailProtocol.Imap, name: "quiet");
        var eager = world.Account(MailProtocol.Imap, p => p.ProcessExistingMail = true, name: "eager");
        await world.DeliverAsync(quiet.Mailbox, 2, PollingHarness.Reply(quiet.Mailbox), PollingHarness.Reply(quiet.Mailbox));
        await world.DeliverAsync(eager.Mailbox, 2, PollingHarness.Reply(eager.Mailbox), PollingHarness.Reply(eager.Mailbox));
        var poller = await world.OpenAsync(quiet, eager);

        var quietFirst = await poller.PollAsync(quiet.Name, default);
        Assert.Empty(world.Calls);
        var eagerFirst = await poller.PollAsync(eager.Name, default);

        Assert.Equal(0, quietFirst.Fetched);
        Assert.Equal((2, 0, 0), await world.CountAsync(quiet.Mailbox));
        Assert.Equal(2, eagerFirst.Applied);

        await world.DeliverAsync(quiet.Mailbox, 3, PollingHarness.Reply(quiet.Mailbox));
        var quietNext = await poller.PollAsync(quiet.Name, default);

        Assert.Equal((1, 1), (quietNext.Fetched, quietNext.Applied));
        Assert.Equal((2, 1, 0), await world.CountAsync(quiet.Mailbox));
    }

    [Fact]
    public async Task A_crash_after_recording_and_before_the_move_ends_with_one_action_and_the_message_in_processed()
    {
        await using var world = PollingHarness.Start();
        var account = world.Account(MailProtocol.Imap);
        var setup = await world.OpenAsync(account);
        await setup.PollAsync(account.Name, default);
        await world.DeliverAsync(account.Mailbox, 3, PollingHarness.Reply(account.Mailbox), PollingHarness.Reply(account.Mailbox), PollingHarness.Reply(account.Mailbox));

        using var kill = new CancellationTokenSource();
        world.WrapRecorder = inner => new CrashAfterRecording(inner, kill, afterRecords: 2);
        var crashing = await world.OpenAsync(account);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => crashing.PollAsync(account.Name, kill.Token));
        Assert.Equal(2, world.AppliedCount);
        Assert.Equal((2, 1, 0), await world.CountAsync(account.Mailbox));

        world.WrapRecorder = inner => inner;
        var restarted = await world.OpenAsync(account);
        var result = await restarted.PollAsync(account.Name, default);

        Assert.Equal((2, 2, 0), (result.Fetched, result.Applied, result.Failed));
        Assert.Equal(3, world.AppliedCount);
        Assert.Equal(3, world.Log.Processed.Count);
        Assert.Equal((0, 3, 0), await world.CountAsync(account.Mailbox));
        Assert.Equal(0, (await restarted.PollAsync(account.Name, default)).Fetched);
    }

    [Fact]
    public async Task A_changed_uidvalidity_skips_mail_processed_before_and_mail_from_before_the_first_run()
    {
        await using var world = PollingHarness.Start();
        var account = world.Account(MailProtocol.Imap);
        await world.DeliverAsync(account.Mailbox, 1, PollingHarness.Reply(account.Mailbox, messageId: "history"));
        var poller = await world.OpenAsync(account);
        await poller.PollAsync(account.Name, default);

        // INTERNALDATE has whole seconds: let the first-run instant fall in an earlier second than what follows.
        await Task.Delay(1100);
        var processed = PollingHarness.Reply(account.Mailbox, messageId: "processed");
        await world.DeliverAsync(account.Mailbox, 2, processed);
        Assert.Equal(1, (await poller.PollAsync(account.Name, default)).Applied);

        // The mailbox is "restored": the processed reply is back in INBOX, and the server renumbered everything.
        var cursor = (await world.Log.GetCursorAsync(account.Name, "INBOX", default))!;
        await world.Log.SaveCursorAsync(account.Name, "INBOX", cursor with { UidValidity = cursor.UidValidity - 1, LastUid = 999 }, default);
        await world.DeliverAsync(account.Mailbox, 3, processed, PollingHarness.Reply(account.Mailbox, messageId: "new"));
        var result = await poller.PollAsync(account.Name, default);

        Assert.Equal((2, 1, 1), (result.Fetched, result.Applied, result.Ignored));
        Assert.Equal(2, world.AppliedCount);
        Assert.Contains(world.Log.Processed.Values, v => v.Result.Reason == PollerAnalyses.DuplicateReason);
        Assert.Equal((1, 3, 0), await world.CountAsync(account.Mailbox));
        var moved = (await world.Log.GetCursorAsync(account.Name, "INBOX", default))!;
        Assert.Equal((cursor.UidValidity, cursor.HistoryBefore), (moved.UidValidity, moved.HistoryBefore));
    }
}
