using AckPoller.Core.Storage.Migrations;

namespace AckPoller.Core.Storage.Sqlite.Migrations;

/// <summary>When admins were last notified per account and topic (sign-in needed, credential expiring), so
/// notifications repeat at most every Notifications:RepeatEvery, across restarts. Numbered 20 to stay clear of the
/// store's own migrations, which are written in parallel.</summary>
internal static class M0020AdminNotifications
{
    public static readonly SqlMigration Migration = new(20, "admin notification log", """
        CREATE TABLE admin_notification (
            account TEXT NOT NULL,
            topic TEXT NOT NULL,
            condition TEXT NOT NULL,
            notified_at TEXT NOT NULL,
            PRIMARY KEY (account, topic)
        );
        """);
}
