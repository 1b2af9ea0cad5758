using AckPoller.Core.Alerts;
using AckPoller.Core.Outbox;
using AckPoller.Core.Replies;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Alerts;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class SnoozeExpiryTests
{
    [Fact]
    public async Task A_snoozed_alert_stays_snoozed_until_its_time_then_reopens_with_a_log_line_and_a_threaded_reminder()
    {
        using var world = await AckWorld.CreateAsync();
        var alert = await world.RaiseAsync();
        await world.RecordAsync(AckWorld.Reply(alert, ReplyCommand.Snooze, argument: "30m"));
        var expiry = Expiry(world);

        world.Engine.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, await expiry.ReopenEndedAsync(default));
        Assert.Equal(AlertState.Snoozed, (await world.Engine.Store.Alerts.GetAsync(alert.Id, default))!.State);

        world.Engine.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await expiry.ReopenEndedAsync(default));

        var reopened = (await world.Engine.Store.Alerts.GetAsync(alert.Id, default))!;
        Assert.Equal(AlertState.Open, reopened.State);
        Assert.Null(reopened.SnoozedUntil);

        var log = (await world.Engine.Store.AckLog.QueryAsync(new AckLogQuery { Alert = alert.Reference }, default)).Entries;
        var line = log[0];
        Assert.Equal(SnoozeExpiry.SystemAccount, line.Account);
        Assert.Equal(AckOutcome.Applied, line.Outcome);
        Assert.StartsWith("snooze ended at", line.Reason, StringComparison.Ordinal);
        Assert.Contains("reopened", line.Reason, StringComparison.Ordinal);

        var reminder = Assert.Single(await world.OutboxAsync(OutboxKind.Alert), m => m.MessageId != alert.MessageId);
        Assert.Equal(alert.Recipients, reminder.Recipients);
        var mail = AckWorld.Parse(reminder);
        Assert.Equal($"[{alert.Reference}] Snooze ended: {alert.Subject}", mail.Subject);
        Assert.Equal([alert.MessageId!], mail.InReplyTo);
        Assert.Contains(AlertEmailComposer.Footer(alert.Reference), mail.GetTextBody()!.ReplaceLineEndings(" "), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Running_again_does_nothing_more()
    {
        using var world = await AckWorld.CreateAsync();
        var alert = await world.RaiseAsync();
        await world.RecordAsync(AckWorld.Reply(alert, ReplyCommand.Snooze, argument: "10m"));
        var expiry = Expiry(world);
        world.Engine.Time.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(1, await expiry.ReopenEndedAsync(default));
        Assert.Equal(0, await expiry.ReopenEndedAsync(default));
        Assert.Equal(1, await world.Engine.ScalarAsync("SELECT COUNT(*) FROM ack_log WHERE account = 'ackpoller'"));
        Assert.Equal(2, (await world.OutboxAsync(OutboxKind.Alert)).Count);
    }

    [Fact]
    public async Task An_alert_acknowledged_during_its_snooze_is_left_alone()
    {
        using var world = await AckWorld.CreateAsync();
        var alert = await world.RaiseAsync();
        await world.RecordAsync(AckWorld.Reply(alert, ReplyCommand.Snooze, argument: "10m"));
        world.Engine.Time.Advance(TimeSpan.FromMinutes(5));
        await world.RecordAsync(AckWorld.Reply(alert, ReplyCommand.Ack));
        world.Engine.Time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(0, await Expiry(world).ReopenEndedAsync(default));
        Assert.Equal(AlertState.Acknowledged, (await world.Engine.Store.Alerts.GetAsync(alert.Id, default))!.State);
    }

    [Fact]
    public async Task Without_reminders_the_alert_reopens_silently()
    {
        using var world = await AckWorld.CreateAsync(alerts => alerts.RemindWhenSnoozeEnds = false);
        var alert = await world.RaiseAsync();
        await world.RecordAsync(AckWorld.Reply(alert, ReplyCommand.Snooze, argument: "10m"));
        world.Engine.Time.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(1, await Expiry(world).ReopenEndedAsync(default));
        Assert.Equal(AlertState.Open, (await world.Engine.Store.Alerts.GetAsync(alert.Id, default))!.State);
        Assert.Single(await world.OutboxAsync(OutboxKind.Alert));
    }

    private static SnoozeExpiry Expiry(AckWorld world) => new(world.Engine.Store.Alerts, world.Engine.Store.Transactions,
        new AlertEmailComposer(world.Identity, world.Engine.Time), world.Options.Alerts, world.Engine.Time, NullLogger<SnoozeExpiry>.Instance);
}
