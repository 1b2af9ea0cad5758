using AckPoller.Core.Storage.Migrations;

namespace AckPoller.Core.Storage.Sqlite.Migrations;

/// <summary>Which messages of each account were processed (the exactly-once guard), and where IMAP fetching stopped.</summary>
internal static class M0004ProcessedMessagesAndCursors
{
    public static readonly SqlMigration Migration = new(4, "processed messages and mailbox cursors", """
        CREATE TABLE processed_messages (
            account TEXT NOT NULL,
            message_key TEXT NOT NULL,
            message_id TEXT NULL,
            outcome TEXT NOT NULL,
            reason TEXT NOT NULL,
            alert_id INTEGER NULL,
            processed_at TEXT NOT NULL,
            PRIMARY KEY (account, message_key)
        ) WITHOUT ROWID;
        CREATE TABLE mailbox_cursors (
            account TEXT NOT NULL,
            mailbox TEXT NOT NULL,
            uid_validity INTEGER NOT NULL,
            last_uid INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (account, mailbox)
        ) WITHOUT ROWID;
        """);
}
