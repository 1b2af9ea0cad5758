using AckPoller.Core.Storage.Migrations;

namespace AckPoller.Core.Storage.Sqlite.Migrations;

/// <summary>Links from another system's alert identity (Alertmanager group key or fingerprint) to the AckPoller alert
/// raised for it. The primary key makes a replayed or concurrent notification find the alert instead of raising twice.
/// matchers (JSON name→value) select the alerts a silence must cover; silence_* record the Alertmanager silence made for
/// an acknowledgement, or why making it failed. integration_cursors: how far in the ack log a follower has acted.</summary>
internal static class M0025ExternalAlerts
{
    public static readonly SqlMigration Migration = new(25, "external alert links", """
        CREATE TABLE external_alerts (
            source TEXT NOT NULL,
            key TEXT NOT NULL,
            alert_id INTEGER NOT NULL REFERENCES alerts (id),
            digest TEXT NOT NULL,
            matchers TEXT NOT NULL,
            silence_id TEXT NULL,
            silence_until TEXT NULL,
            silence_error TEXT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (source, key)
        );
        CREATE INDEX ix_external_alerts_alert ON external_alerts (alert_id);
        CREATE TABLE integration_cursors (
            name TEXT PRIMARY KEY,
            position INTEGER NOT NULL
        );
        """);
}
