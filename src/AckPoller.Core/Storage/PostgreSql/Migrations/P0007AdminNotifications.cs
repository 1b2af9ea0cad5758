using AckPoller.Core.Storage.Migrations;

namespace AckPoller.Core.Storage.PostgreSql.Migrations;

/// <summary>When admins were last notified per account and topic (SQLite M0020).</summary>
internal static class P0007AdminNotifications
{
    public static readonly SqlMigration Migration = new(7, "admin notification log", """
        CREATE TABLE admin_notification (
            account text NOT NULL,
            topic text NOT NULL,
            condition text NOT NULL,
            notified_at timestamptz NOT NULL,
            PRIMARY KEY (account, topic)
        );
        """);
}
