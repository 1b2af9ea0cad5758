using AckPoller.Core.Storage.Migrations;

namespace AckPoller.Core.Storage.Sqlite.Migrations;

/// <summary>Each account's last poll, last error and IDLE connection, for `ackpoller accounts`, the API and the page.</summary>
internal static class M0007AccountActivity
{
    public static readonly SqlMigration Migration = new(7, "account activity", """
        CREATE TABLE account_activity (
            account TEXT NOT NULL PRIMARY KEY,
            last_poll_at TEXT,
            last_poll_succeeded INTEGER,
            last_poll_summary TEXT,
            last_error TEXT,
            last_error_at TEXT,
            idle_connected INTEGER NOT NULL DEFAULT 0,
            idle_changed_at TEXT,
            updated_at TEXT NOT NULL
        );
        """);
}
