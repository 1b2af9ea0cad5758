using AckPoller.Core.Storage.Migrations;

namespace AckPoller.Core.Storage.PostgreSql.Migrations;

/// <summary>Which messages of each account were processed (the exactly-once guard) and where IMAP fetching stopped,
/// with the first-run history boundary and the Message-ID index (SQLite M0004 and M0006).</summary>
internal static class P0004ProcessedMessagesAndCursors
{
    public static readonly SqlMigration Migration = new(4, "processed messages and mailbox cursors", """
        CREATE TABLE processed_messages (
            account text NOT NULL,
            message_key text NOT NULL,
            message_id text NULL,
            outcome text NOT NULL,
            reason text NOT NULL,
            alert_id bigint NULL,
            processed_at timestamptz NOT NULL,
            PRIMARY KEY (account, message_key)
        );
        CREATE INDEX ix_processed_messages_message_id ON processed_messages (account, message_id) WHERE message_id IS NOT NULL;
        CREATE TABLE mailbox_cursors (
            account text NOT NULL,
            mailbox text NOT NULL,
            uid_validity bigint NOT NULL,
            last_uid bigint NOT NULL,
            history_before timestamptz NULL,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (account, mailbox)
        );
        """);
}
