using AckPoller.Core.Storage.Migrations;

namespace AckPoller.Core.Storage.Sqlite.Migrations;

/// <summary>Emails waiting to be sent, composed at enqueue time (so a re-send carries the same Message-ID).
/// The partial index holds only pending rows, so finding due mail stays cheap however much was sent.</summary>
internal static class M0005Outbox
{
    public static readonly SqlMigration Migration = new(5, "outbox", """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            alert_id INTEGER NULL REFERENCES alerts (id),
            recipients TEXT NOT NULL,
            message_id TEXT NOT NULL,
            raw BLOB NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            last_error TEXT NULL,
            created_at TEXT NOT NULL,
            sent_at TEXT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX ix_outbox_due ON outbox (next_attempt_at) WHERE state = 'Pending';
        CREATE INDEX ix_outbox_state ON outbox (state, created_at);
        CREATE INDEX ix_outbox_alert ON outbox (alert_id);
        """);
}
