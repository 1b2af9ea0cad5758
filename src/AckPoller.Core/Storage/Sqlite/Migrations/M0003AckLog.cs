using AckPoller.Core.Storage.Migrations;

namespace AckPoller.Core.Storage.Sqlite.Migrations;

/// <summary>The acknowledgement log: append-only (triggers refuse UPDATE and DELETE). Each filter the CLI and API offer
/// (time, alert, actor, outcome, account) has an index ending in processed_at, so "newest first" with a time range is a
/// range scan of one index, never a sort of the table. actor_address compares case-insensitively.</summary>
internal static class M0003AckLog
{
    public static readonly SqlMigration Migration = new(3, "acknowledgement log", """
        CREATE TABLE ack_log (
            id INTEGER PRIMARY KEY,
            alert_id INTEGER NULL REFERENCES alerts (id),
            alert_reference TEXT NULL,
            action TEXT NULL,
            argument TEXT NULL,
            actor_address TEXT NULL COLLATE NOCASE,
            actor_name TEXT NULL,
            received_at TEXT NOT NULL,
            processed_at TEXT NOT NULL,
            source_message_id TEXT NULL,
            account TEXT NOT NULL,
            protocol TEXT NOT NULL,
            message_key TEXT NOT NULL,
            comment TEXT NULL,
            outcome TEXT NOT NULL,
            reason TEXT NOT NULL
        );
        CREATE INDEX ix_ack_log_processed ON ack_log (processed_at);
        CREATE INDEX ix_ack_log_alert ON ack_log (alert_reference, processed_at);
        CREATE INDEX ix_ack_log_actor ON ack_log (actor_address, processed_at);
        CREATE INDEX ix_ack_log_outcome ON ack_log (outcome, processed_at);
        CREATE INDEX ix_ack_log_account ON ack_log (account, processed_at);
        CREATE TRIGGER ack_log_no_update BEFORE UPDATE ON ack_log
        BEGIN SELECT RAISE(ABORT, 'ack_log is append-only'); END;
        CREATE TRIGGER ack_log_no_delete BEFORE DELETE ON ack_log
        BEGIN SELECT RAISE(ABORT, 'ack_log is append-only'); END;
        """);
}
