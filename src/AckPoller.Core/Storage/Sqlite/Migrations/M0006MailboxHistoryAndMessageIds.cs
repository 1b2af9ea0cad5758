using AckPoller.Core.Storage.Migrations;

namespace AckPoller.Core.Storage.Sqlite.Migrations;

/// <summary>For the reply pollers: the first-run instant kept with the cursor (mail delivered before it is never acted
/// on, even after a UIDVALIDITY change), and a Message-ID index so a redelivered or renumbered copy of a processed
/// message is recognised without scanning the account's history.</summary>
internal static class M0006MailboxHistoryAndMessageIds
{
    public static readonly SqlMigration Migration = new(6, "mailbox history boundary and processed Message-ID index", """
        ALTER TABLE mailbox_cursors ADD COLUMN history_before TEXT NULL;
        CREATE INDEX ix_processed_messages_message_id ON processed_messages (account, message_id) WHERE message_id IS NOT NULL;
        """);
}
