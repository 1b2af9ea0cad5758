using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Tests.Storage.PostgreSql;
using AckPoller.Core.Webhooks;

namespace AckPoller.Core.Tests.Storage.Contract;

/// <summary>The stores behind the Alertmanager silences and the webhooks, on both providers.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public abstract class IntegrationStoreContractTests(IContractStoreProvider provider)
{
    [Fact]
    public async Task External_links_silence_work_follows_the_ack_log_from_its_end_and_completes_once()
    {
        await using var store = await provider.OpenAsync();
        var alert = await store.AddAlertAsync();
        var now = store.Time.GetUtcNow();
        await AppendAsync(store, alert, AckAction.Note, now);
        var matchers = new Dictionary<string, string> { ["alertname"] = "DiskFull", ["instance"] = "db1" };
        await using (var work = await store.Transactions.BeginAsync(default))
        {
            Assert.Null(await work.FindExternalAlertAsync("alertmanager", "group:1", default));
            await work.SaveExternalAlertAsync(new ExternalAlertLink("alertmanager", "group:1", alert.Id, "d1", matchers, now), default);
            await work.CommitAsync(default);
        }

        Assert.Empty(await store.ExternalSilences.PendingAsync("silences", "alertmanager", 10, default)); // history is not replayed
        await AppendAsync(store, alert, AckAction.Ack, now);
        await using (var work = await store.Transactions.BeginAsync(default))
        {
            var link = await work.FindExternalAlertAsync("alertmanager", "group:1", default);
            Assert.Equal(("d1", alert.Id, now), (link!.Digest, link.AlertId, link.UpdatedAt));
            Assert.Equal(matchers, link.Matchers);
        }

        var pending = Assert.Single(await store.ExternalSilences.PendingAsync("silences", "alertmanager", 10, default));
        Assert.Equal((AckAction.Ack, "group:1", (string?)null), (pending.Action, pending.Key, pending.SilenceId));
        Assert.Empty(await store.ExternalSilences.PendingAsync("silences", "other", 10, default));

        await store.ExternalSilences.CompleteAsync("silences", pending.LogId, "alertmanager", "group:1", new ExternalSilence("s-1", now.AddHours(1), null), default);
        Assert.Empty(await store.ExternalSilences.PendingAsync("silences", "alertmanager", 10, default));
        Assert.Equal(new ExternalSilence("s-1", now.AddHours(1), null), await store.ExternalSilences.FindSilenceAsync(alert.Id, default));
        Assert.Equal("group:1", Assert.Single(await store.ExternalSilences.SilencedUnresolvedAsync("alertmanager", default)).Key);
    }

    [Fact]
    public async Task Webhook_events_start_at_the_end_are_queued_once_per_webhook_and_event_and_can_be_redelivered()
    {
        await using var store = await provider.OpenAsync();
        await store.AddAlertAsync("AP-000001", "1@t");
        var deliveries = store.WebhookDeliveries;
        var first = await deliveries.NewEventsAsync(10, default);
        Assert.Empty(first.Alerts);

        var alert = await store.AddAlertAsync("AP-000002", "2@t");
        var events = await deliveries.NewEventsAsync(10, default);
        Assert.Equal([alert.Id], events.Alerts.Select(a => a.Id));
        var now = store.Time.GetUtcNow();
        var delivery = new WebhookDelivery
        {
            Webhook = "ops", EventId = "evt-1", EventType = "alert.raised", AlertReference = "AP-000002", Payload = "{}", NextAttemptAt = now, CreatedAt = now,
        };
        await deliveries.EnqueueAsync([delivery, delivery with { Webhook = "chat" }], events.LogCursor, events.AlertCursor, default);
        await deliveries.EnqueueAsync([delivery], 0, 0, default);

        Assert.Empty((await deliveries.NewEventsAsync(10, default)).Alerts);
        var pending = await deliveries.PendingAsync(10, default);
        Assert.Equal(["ops", "chat"], pending.Select(d => d.Webhook));
        await deliveries.UpdateAsync(pending[0] with { State = WebhookDeliveryState.Delivered, Attempts = 1, LastStatus = 204, DeliveredAt = now }, default);
        Assert.Equal(["chat"], (await deliveries.PendingAsync(10, default)).Select(d => d.Webhook));
        var delivered = await deliveries.FindAsync(pending[0].Id, default);
        Assert.Equal((WebhookDeliveryState.Delivered, 1, (int?)204, (DateTimeOffset?)now), (delivered!.State, delivered.Attempts, delivered.LastStatus, delivered.DeliveredAt));
        Assert.Single(await deliveries.ListAsync(WebhookDeliveryState.Delivered, null, 10, default));
        Assert.Equal(2, (await deliveries.ListAsync(null, null, 10, default)).Count);
        Assert.Single(await deliveries.ListAsync(null, "chat", 10, default));

        Assert.True(await deliveries.RedeliverAsync(pending[0].Id, now.AddMinutes(1), default));
        Assert.False(await deliveries.RedeliverAsync(pending[0].Id + 100, now, default));
        Assert.Equal(2, (await deliveries.PendingAsync(10, default)).Count);
    }

    private static async Task AppendAsync(ContractStore store, Alert alert, AckAction action, DateTimeOffset at)
    {
        await using var work = await store.Transactions.BeginAsync(default);
        await work.AppendAckLogAsync(new AckLogEntry
        {
            AlertId = alert.Id, AlertReference = alert.Reference, Action = action, Account = "a", Protocol = "imap", MessageKey = "k" + action,
            Outcome = AckOutcome.Applied, Reason = "r", ProcessedAt = at,
        }, default);
        await work.CommitAsync(default);
    }
}

[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class SqliteIntegrationStoreContractTests() : IntegrationStoreContractTests(new SqliteContractProvider());

[Collection(PostgresCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class PostgreSqlIntegrationStoreContractTests(PostgresServer server) : IntegrationStoreContractTests(new PostgreSqlContractProvider(server));
