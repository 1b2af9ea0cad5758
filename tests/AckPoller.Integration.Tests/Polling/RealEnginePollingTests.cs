using System.Text;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Integration.Tests.Pop3;

namespace AckPoller.Integration.Tests.Polling;

/// <summary>Polling with the real store, recorder, analyzer and sender policy (SQLite), asserting on the ack log.
/// Password accounts on the sandbox Dovecot.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class RealEnginePollingTests
{
    [Fact]
    public async Task Imap_replies_end_in_the_ack_log_with_actor_action_and_outcome_and_a_malformed_one_does_not_stop_the_batch()
    {
        await using var world = PollingHarness.Start();
        var account = world.Account(MailProtocol.Imap);
        var engine = await world.OpenRealEngineAsync(account);
        await engine.Poller.PollAsync(account.Name, default);

        await LmtpDelivery.DeliverAsync(world.Settings, account.Mailbox, Encoding.ASCII.GetBytes("garbage line\r\n\u0001 no sender at all\r\n"));
        await world.DeliverAsync(account.Mailbox, 3,
            PollingHarness.Reply(account.Mailbox, body: "ack, looking at it"),
            PollingHarness.Reply(account.Mailbox, from: "mallory@evil.example"));
        var result = await engine.Poller.PollAsync(account.Name, default);

        Assert.Equal((3, 1, 1, 1, 0), (result.Fetched, result.Applied, result.Rejected, result.Ignored, result.Failed));
        var log = await engine.AckLogAsync(account.Name);
        Assert.Equal(3, log.Count);
        var ack = Assert.Single(log, e => e.Outcome == AckOutcome.Applied);
        Assert.Equal((AckAction.Ack, PollingHarness.Responder, "Jane Doe", "imap"), (ack.Action!.Value, ack.ActorAddress, ack.ActorName, ack.Protocol));
        Assert.Contains(log, e => e.Outcome == AckOutcome.Rejected && e.ActorAddress == "mallory@evil.example");
        Assert.Contains(log, e => e.Outcome == AckOutcome.Ignored && e.Reason.Contains("malformed message: no sender address", StringComparison.Ordinal));
        Assert.Equal(AlertState.Acknowledged, (await engine.CurrentAlertAsync()).State);
        Assert.Equal((0, 1, 2), await world.CountAsync(account.Mailbox));
    }

    [Fact]
    public async Task Imap_killed_after_recording_and_restarted_gives_one_log_row_and_one_confirmation_per_reply()
    {
        await using var world = PollingHarness.Start();
        var account = world.Account(MailProtocol.Imap);
        var setup = await world.OpenRealEngineAsync(account);
        await setup.Poller.PollAsync(account.Name, default);
        await world.DeliverAsync(account.Mailbox, 2,
            PollingHarness.Reply(account.Mailbox, body: "ack"),
            PollingHarness.Reply(account.Mailbox, body: "note disk cleanup started"));

        using var kill = new CancellationTokenSource();
        world.WrapRecorder = inner => new CrashAfterRecording(inner, kill, afterRecords: 1);
        var crashing = await world.OpenRealEngineAsync(account);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => crashing.Poller.PollAsync(account.Name, kill.Token));
        world.WrapRecorder = inner => inner;
        var restarted = await world.OpenRealEngineAsync(account);
        var result = await restarted.Poller.PollAsync(account.Name, default);

        Assert.Equal((2, 2, 0), (result.Fetched, result.Applied, result.Failed));
        var log = await restarted.AckLogAsync(account.Name);
        Assert.Equal(2, log.Count);
        Assert.Equal(2, log.Select(e => e.MessageKey).Distinct().Count());
        Assert.Equal([AckAction.Ack, AckAction.Note], log.OrderBy(e => e.Id).Select(e => e.Action!.Value));
        Assert.Equal(2, await restarted.CountAsync("SELECT count(*) FROM outbox"));
        Assert.Equal((0, 2, 0), await world.CountAsync(account.Mailbox));
    }

    [Fact]
    public async Task Pop3_reply_is_recorded_once_and_deleted()
    {
        await using var world = PollingHarness.Start();
        var account = world.Account(MailProtocol.Pop3, p => p.DeleteAfterProcessing = true);
        var engine = await world.OpenRealEngineAsync(account);
        await engine.Poller.PollAsync(account.Name, default);

        await world.DeliverAsync(account.Mailbox, 1, PollingHarness.Reply(account.Mailbox, body: "resolve fixed it"));
        var result = await engine.Poller.PollAsync(account.Name, default);
        var again = await engine.Poller.PollAsync(account.Name, default);

        Assert.Equal((1, 0, 0), (result.Applied, again.Fetched, again.Failed));
        var entry = Assert.Single(await engine.AckLogAsync(account.Name));
        Assert.Equal((AckAction.Resolve, AckOutcome.Applied, "pop3"), (entry.Action!.Value, entry.Outcome, entry.Protocol));
        Assert.Equal(AlertState.Resolved, (await engine.CurrentAlertAsync()).State);
        await using var client = await Pop3Sandbox.LoginAsync(world.Settings, account.Mailbox);
        Assert.Equal(0, (await client.StatAsync(default)).Count);
        await client.QuitAsync(default);
    }
}
