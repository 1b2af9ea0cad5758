using AckPoller.Core.Configuration;
using AckPoller.Core.Processing;
using AckPoller.Integration.Tests.Pop3;

namespace AckPoller.Integration.Tests.Polling;

/// <summary>POP3 polling against the sandbox Dovecot with a Password account (sandbox password, PLAIN over POP3S).</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class Pop3PollingTests
{
    [Fact]
    public async Task First_run_remembers_existing_mail_then_new_mail_is_processed_by_uidl_difference_and_deleted()
    {
        await using var world = PollingHarness.Start();
        var account = world.Account(MailProtocol.Pop3, p => p.DeleteAfterProcessing = true);
        await world.DeliverAsync(account.Mailbox, 1, PollingHarness.Reply(account.Mailbox));
        var poller = await world.OpenAsync(account);

        var first = await poller.PollAsync(account.Name, default);

        Assert.Equal(0, first.Fetched);
        var remembered = Assert.Single(world.Log.Processed);
        Assert.StartsWith($"{account.Name}\npop3-before-first-run:", remembered.Key, StringComparison.Ordinal);
        Assert.Equal(PollerAnalyses.PresentBeforeFirstRunReason, remembered.Value.Result.Reason);

        await world.DeliverAsync(account.Mailbox, 3, PollingHarness.Reply(account.Mailbox), PollingHarness.Reply(account.Mailbox, from: "mallory@evil.example"));
        var second = await poller.PollAsync(account.Name, default);
        var third = await poller.PollAsync(account.Name, default);

        Assert.Equal((2, 1, 1), (second.Fetched, second.Applied, second.Rejected));
        Assert.Equal(0, third.Fetched);
        Assert.Equal(1, world.AppliedCount);
        Assert.Equal(1, await MaildropCountAsync(world, account));
    }

    [Fact]
    public async Task Without_delete_processed_mail_stays_but_is_never_processed_again()
    {
        await using var world = PollingHarness.Start();
        var account = world.Account(MailProtocol.Pop3);
        var poller = await world.OpenAsync(account);
        await poller.PollAsync(account.Name, default);

        await world.DeliverAsync(account.Mailbox, 2, PollingHarness.Reply(account.Mailbox), PollingHarness.Reply(account.Mailbox));
        var first = await poller.PollAsync(account.Name, default);
        await world.DeliverAsync(account.Mailbox, 3, PollingHarness.Reply(account.Mailbox));
        var second = await poller.PollAsync(account.Name, default);

        Assert.Equal((2, 1), (first.Applied, second.Applied));
        Assert.Equal(3, world.RecordCalls("pop3:"));
        Assert.Equal(3, await MaildropCountAsync(world, account));
    }

    [Fact]
    public async Task A_crash_before_quit_is_finished_by_the_next_poll_without_a_second_action()
    {
        await using var world = PollingHarness.Start();
        var account = world.Account(MailProtocol.Pop3, p => p.DeleteAfterProcessing = true);
        var setup = await world.OpenAsync(account);
        await setup.PollAsync(account.Name, default);
        await world.DeliverAsync(account.Mailbox, 2, PollingHarness.Reply(account.Mailbox), PollingHarness.Reply(account.Mailbox));

        using var kill = new CancellationTokenSource();
        world.WrapRecorder = inner => new CrashAfterRecording(inner, kill, afterRecords: 1);
        var crashing = await world.OpenAsync(account);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => crashing.PollAsync(account.Name, kill.Token));
        Assert.Equal(1, world.AppliedCount);
        Assert.Equal(2, await MaildropCountAsync(world, account));

        world.WrapRecorder = inner => inner;
        var restarted = await world.OpenAsync(account);
        var result = await restarted.PollAsync(account.Name, default);

        Assert.Equal((1, 1), (result.Fetched, result.Applied));
        Assert.Equal(2, world.AppliedCount);
        Assert.Equal(2, world.Log.Processed.Count);
        Assert.Equal(0, await MaildropCountAsync(world, account));
    }

    private static async Task<int> MaildropCountAsync(PollingHarness world, MailAccountOptions account)
    {
        await using var client = await Pop3Sandbox.LoginAsync(world.Settings, account.Mailbox);
        var stat = await client.StatAsync(default);
        await client.QuitAsync(default);
        return stat.Count;
    }
}
