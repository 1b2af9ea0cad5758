using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Integrations.Alertmanager;
using AckPoller.Core.Outbox;
using AckPoller.Core.Tests.Alerts;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Integrations;

/// <summary>The receiver against the real SQLite store: identity by group key / fingerprint, repeats, changes, resolution,
/// routing, and nothing written when a notification cannot be routed.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class AlertmanagerReceiverTests
{
    private static AlertmanagerReceiver Receiver(AckWorld world, Action<AlertmanagerIntegrationOptions>? configure = null)
    {
        var options = new AlertmanagerIntegrationOptions { ReceiverTokenEnv = "AM_TOKEN" };
        options.DefaultTo.Add("oncall@example.com");
        var route = new AlertmanagerRouteOptions();
        route.Matchers.Add("team=db");
        route.To.Add("dba@example.com");
        options.Routes.Add(route);
        configure?.Invoke(options);
        return new AlertmanagerReceiver(world.Engine.Store.Transactions, world.Alerts, options, world.Engine.Time, NullLogger<AlertmanagerReceiver>.Instance);
    }

    private static AlertmanagerNotification Parse(byte[] json) => AlertmanagerPayload.Parse(json);

    [Fact]
    public async Task A_firing_group_raises_one_alert_emailed_to_the_matching_route_with_labels_and_links()
    {
        using var world = await AckWorld.CreateAsync();
        var receiver = Receiver(world);

        var receipt = await receiver.ReceiveAsync(Parse(AlertmanagerFixtures.Alertmanager()), default);

        var reference = Assert.Single(receipt.Raised);
        var alert = (await world.Engine.Store.Alerts.FindByReferenceAsync(reference, default))!;
        Assert.Equal("DiskFull: Disk almost full on db01", alert.Subject);
        Assert.Equal("critical", alert.Severity);
        Assert.Equal("alertmanager", alert.Source);
        Assert.Equal(["dba@example.com"], alert.Recipients);
        var email = AckWorld.Parse((await world.OutboxAsync(OutboxKind.Alert)).Single());
        Assert.Equal($"[{reference}] DiskFull: Disk almost full on db01", email.Subject);
        var text = email.GetTextBody()!;
        Assert.Contains("[FIRING] DiskFull since 2026-12-06 08:00:00 UTC", text, StringComparison.Ordinal);
        Assert.Contains("labels: alertname=DiskFull, instance=db01:9100, severity=critical, team=db", text, StringComparison.Ordinal);
        Assert.Contains("source: http://prometheus.example:9090/graph?g0.expr=disk", text, StringComparison.Ordinal);
        Assert.Contains("runbook: https://runbooks.example/disk", text, StringComparison.Ordinal);
        Assert.Contains("\"ack\" to acknowledge", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeat_notifications_change_nothing_and_a_changed_group_keeps_its_alert_and_logs_the_change()
    {
        using var world = await AckWorld.CreateAsync();
        var receiver = Receiver(world);
        var first = await receiver.ReceiveAsync(Parse(AlertmanagerFixtures.Alertmanager()), default);

        var repeat = await receiver.ReceiveAsync(Parse(AlertmanagerFixtures.Alertmanager()), default);
        Assert.Empty(repeat.Raised);
        Assert.Equal(1, repeat.Unchanged);

        var grown = await receiver.ReceiveAsync(Parse(AlertmanagerFixtures.Alertmanager(alerts:
            [AlertmanagerFixtures.Alert(), AlertmanagerFixtures.Alert(fingerprint: "0000000000000002", instance: "db02:9100")])), default);
        Assert.Empty(grown.Raised);
        Assert.Equal(first.Raised, grown.Updated);
        Assert.Single(await world.OutboxAsync(OutboxKind.Alert));
        var note = (await world.Engine.Store.AckLog.QueryAsync(new AckLogQuery { Action = AckAction.Note }, default)).Entries.Single();
        Assert.Equal("alertmanager", note.ActorAddress);
        Assert.Equal("2 of 2 alerts firing: DiskFull", note.Comment);
    }

    [Fact]
    public async Task Resolved_resolves_the_alert_as_alertmanager_and_a_later_firing_is_a_new_alert()
    {
        using var world = await AckWorld.CreateAsync();
        var receiver = Receiver(world);
        var raised = (await receiver.ReceiveAsync(Parse(AlertmanagerFixtures.Alertmanager()), default)).Raised.Single();

        var resolved = await receiver.ReceiveAsync(Parse(AlertmanagerFixtures.Alertmanager("resolved", alerts: [AlertmanagerFixtures.Alert("resolved")])), default);

        Assert.Equal([raised], resolved.Resolved);
        Assert.Equal(AlertState.Resolved, (await world.Engine.Store.Alerts.FindByReferenceAsync(raised, default))!.State);
        var line = (await world.Engine.Store.AckLog.QueryAsync(new AckLogQuery { Action = AckAction.Resolve }, default)).Entries.Single();
        Assert.Equal("alertmanager", line.ActorAddress);
        Assert.Equal(AckOutcome.Applied, line.Outcome);

        var again = await receiver.ReceiveAsync(Parse(AlertmanagerFixtures.Alertmanager("resolved", alerts: [AlertmanagerFixtures.Alert("resolved")])), default);
        Assert.Empty(again.Resolved);

        var refired = await receiver.ReceiveAsync(Parse(AlertmanagerFixtures.Alertmanager()), default);
        Assert.NotEqual(raised, Assert.Single(refired.Raised));
    }

    [Fact]
    public async Task A_resolved_group_never_seen_creates_nothing()
    {
        using var world = await AckWorld.CreateAsync();

        var receipt = await Receiver(world).ReceiveAsync(Parse(AlertmanagerFixtures.Alertmanager("resolved", alerts: [AlertmanagerFixtures.Alert("resolved")])), default);

        Assert.Equal(1, receipt.Unchanged);
        Assert.Empty(await world.Engine.Store.Alerts.ListAsync(null, null, 10, default));
    }

    [Fact]
    public async Task Per_alert_grouping_raises_one_alert_per_fingerprint_and_resolves_them_one_by_one()
    {
        using var world = await AckWorld.CreateAsync();
        var receiver = Receiver(world, o => o.Grouping = AlertmanagerGrouping.Alert);
        var two = AlertmanagerFixtures.Alertmanager(alerts: [AlertmanagerFixtures.Alert(), AlertmanagerFixtures.Alert(fingerprint: "0000000000000002", instance: "db02:9100")]);

        var receipt = await receiver.ReceiveAsync(Parse(two), default);
        Assert.Equal(2, receipt.Raised.Count);
        Assert.Equal(2, (await receiver.ReceiveAsync(Parse(two), default)).Unchanged);

        var oneResolved = AlertmanagerFixtures.Alertmanager(alerts: [AlertmanagerFixtures.Alert(), AlertmanagerFixtures.Alert("resolved", fingerprint: "0000000000000002", instance: "db02:9100")]);
        var after = await receiver.ReceiveAsync(Parse(oneResolved), default);
        Assert.Equal([receipt.Raised[1]], after.Resolved);
        Assert.Equal(1, after.Unchanged);
    }

    [Fact]
    public async Task Routes_first_match_wins_then_default_then_override_when_allowed()
    {
        using var world = await AckWorld.CreateAsync();
        var web = AlertmanagerFixtures.Alertmanager(groupKey: "web", commonLabels: new { alertname = "Down", team = "web" });
        var raised = (await Receiver(world).ReceiveAsync(Parse(web), default)).Raised.Single();
        Assert.Equal(["oncall@example.com"], (await world.Engine.Store.Alerts.FindByReferenceAsync(raised, default))!.Recipients);

        var overridden = AlertmanagerFixtures.Alertmanager(groupKey: "o", commonLabels: new { alertname = "Down", team = "db", ackpoller_to = "a@example.com, b@example.com" });
        var withOverride = (await Receiver(world, o => o.AllowRecipientOverride = true).ReceiveAsync(Parse(overridden), default)).Raised.Single();
        Assert.Equal(["a@example.com", "b@example.com"], (await world.Engine.Store.Alerts.FindByReferenceAsync(withOverride, default))!.Recipients);

        var ignored = AlertmanagerFixtures.Alertmanager(groupKey: "i", commonLabels: new { alertname = "Down", team = "db", ackpoller_to = "a@example.com" });
        var withoutOverride = (await Receiver(world).ReceiveAsync(Parse(ignored), default)).Raised.Single();
        Assert.Equal(["dba@example.com"], (await world.Engine.Store.Alerts.FindByReferenceAsync(withoutOverride, default))!.Recipients);

        var bad = AlertmanagerFixtures.Alertmanager(groupKey: "b", commonLabels: new { alertname = "Down", ackpoller_to = "not an address" });
        Assert.Equal("ackpoller_to", (await Assert.ThrowsAsync<AlertmanagerPayloadException>(() => Receiver(world, o => o.AllowRecipientOverride = true).ReceiveAsync(Parse(bad), default))).Field);
    }

    [Fact]
    public async Task A_notification_that_cannot_be_routed_writes_nothing()
    {
        using var world = await AckWorld.CreateAsync();
        var receiver = Receiver(world, o => { o.DefaultTo.Clear(); o.Grouping = AlertmanagerGrouping.Alert; });
        var mixed = AlertmanagerFixtures.Alertmanager(alerts: [AlertmanagerFixtures.Alert(), AlertmanagerFixtures.Alert(fingerprint: "0000000000000002", team: "web")]);

        var ex = await Assert.ThrowsAsync<AlertmanagerRoutingException>(() => receiver.ReceiveAsync(Parse(mixed), default));

        Assert.Contains("team=web", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await world.Engine.Store.Alerts.ListAsync(null, null, 10, default));
        Assert.Empty(await world.OutboxAsync(OutboxKind.Alert));
    }

    [Fact]
    public async Task A_group_of_a_thousand_alerts_raises_one_alert_with_a_bounded_email()
    {
        using var world = await AckWorld.CreateAsync();
        var many = AlertmanagerFixtures.Alertmanager(alerts: Enumerable.Range(0, 1000).Select(i => AlertmanagerFixtures.Alert(fingerprint: $"{i:x16}", instance: $"db{i}:9100")));

        var receipt = await Receiver(world).ReceiveAsync(Parse(many), default);

        Assert.Single(receipt.Raised);
        var text = AckWorld.Parse((await world.OutboxAsync(OutboxKind.Alert)).Single()).GetTextBody()!;
        Assert.Contains("… and 950 more alerts in this group.", text, StringComparison.Ordinal);
        Assert.True(text.Length < 64 * 1024, $"email text is {text.Length} characters");
    }

    [Fact]
    public async Task Grafana_payloads_raise_an_alert_titled_by_grafana()
    {
        using var world = await AckWorld.CreateAsync();

        var raised = (await Receiver(world).ReceiveAsync(Parse(AlertmanagerFixtures.Grafana()), default)).Raised.Single();

        var alert = (await world.Engine.Store.Alerts.FindByReferenceAsync(raised, default))!;
        Assert.Equal("[FIRING:2]  (blue)", alert.Subject);
        Assert.Equal("grafana", alert.Source);
        Assert.Equal(["oncall@example.com"], alert.Recipients);
        Assert.Equal([raised], (await Receiver(world).ReceiveAsync(Parse(AlertmanagerFixtures.Grafana("resolved")), default)).Resolved);
    }

    [Fact]
    public async Task With_EmailWhenResolved_the_recipients_get_a_threaded_resolved_notice()
    {
        using var world = await AckWorld.CreateAsync();
        var quiet = Receiver(world);
        var raised = (await quiet.ReceiveAsync(Parse(AlertmanagerFixtures.Alertmanager()), default)).Raised.Single();
        await quiet.ReceiveAsync(Parse(AlertmanagerFixtures.Alertmanager("resolved", alerts: [AlertmanagerFixtures.Alert("resolved")])), default);
        Assert.Single(await world.OutboxAsync(OutboxKind.Alert));

        var told = Receiver(world, o => o.EmailWhenResolved = true);
        var second = (await told.ReceiveAsync(Parse(AlertmanagerFixtures.Alertmanager(groupKey: "g2")), default)).Raised.Single();
        await told.ReceiveAsync(Parse(AlertmanagerFixtures.Alertmanager("resolved", groupKey: "g2", alerts: [AlertmanagerFixtures.Alert("resolved")])), default);

        var alert = (await world.Engine.Store.Alerts.FindByReferenceAsync(second, default))!;
        var notice = (await world.OutboxAsync(OutboxKind.Alert)).Select(AckWorld.Parse).Single(m => m.Subject?.Contains("Resolved:", StringComparison.Ordinal) == true);
        Assert.Equal($"[{second}] Resolved: {alert.Subject}", notice.Subject);
        Assert.Contains(alert.MessageId, notice.InReplyTo);
        Assert.Equal(["dba@example.com"], notice.To.Select(a => a.Address));
        Assert.StartsWith($"Alertmanager reported {second} resolved at", notice.GetTextBody(), StringComparison.Ordinal);
        Assert.NotEqual(raised, second);
    }
}
