using AckPoller.Core.Storage.Migrations;

namespace AckPoller.Core.Storage.Sqlite.Migrations;

/// <summary>The webhook outbox: one row per event and webhook, unique on both so an event is never queued twice.</summary>
internal static class M0026WebhookDeliveries
{
    public static readonly SqlMigration Migration = new(26, "webhook deliveries", """
        CREATE TABLE webhook_deliveries (
            id INTEGER PRIMARY KEY,
            webhook TEXT NOT NULL,
            event_id TEXT NOT NULL,
            event_type TEXT NOT NULL,
            alert_reference TEXT NULL,
            payload TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_at TEXT NOT NULL,
            last_status INTEGER NULL,
            last_error TEXT NULL,
            created_at TEXT NOT NULL,
            delivered_at TEXT NULL,
            UNIQUE (webhook, event_id)
        );
        CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
        """);
}
