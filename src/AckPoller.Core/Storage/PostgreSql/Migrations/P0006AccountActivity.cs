using AckPoller.Core.Storage.Migrations;

namespace AckPoller.Core.Storage.PostgreSql.Migrations;

/// <summary>Each account's last poll, last error and IDLE connection (SQLite M0007).</summary>
internal static class P0006AccountActivity
{
    public static readonly SqlMigration Migration = new(6, "account activity", """
        CREATE TABLE account_activity (
            account text PRIMARY KEY,
            last_poll_at timestamptz NULL,
            last_poll_succeeded boolean NULL,
            last_poll_summary text NULL,
            last_error text NULL,
            last_error_at timestamptz NULL,
            idle_connected boolean NOT NULL DEFAULT false,
            idle_changed_at timestamptz NULL,
            updated_at timestamptz NOT NULL
        );
        """);
}
