using AckPoller.Core.Storage.Migrations;

namespace AckPoller.Core.Storage.Sqlite.Migrations;

/// <summary>Alerts raised or registered. A Message-ID is unique when present (registered alerts may have only a reference).</summary>
internal static class M0002Alerts
{
    public static readonly SqlMigration Migration = new(2, "alerts", """
        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            reference TEXT NOT NULL UNIQUE,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            severity TEXT NULL,
            source TEXT NULL,
            recipients TEXT NOT NULL,
            message_id TEXT NULL,
            state TEXT NOT NULL,
            snoozed_until TEXT NULL,
            acknowledged_by TEXT NULL,
            acknowledged_by_name TEXT NULL,
            acknowledged_at TEXT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ix_alerts_message_id ON alerts (message_id) WHERE message_id IS NOT NULL;
        CREATE INDEX ix_alerts_state ON alerts (state, updated_at);
        CREATE INDEX ix_alerts_created ON alerts (created_at);
        """);
}
