using AckPoller.Core.Storage.Migrations;

namespace AckPoller.Core.Storage.Sqlite.Migrations;

/// <summary>The store's write probe (one row rewritten by the health check, so "writable" is proven by a real write)
/// and the recipients each outbox message has already reached (a partial delivery split over several SMTP
/// transactions is resumed with the rest only).</summary>
internal static class M0022StoreProbeAndDeliveredRecipients
{
    public static readonly SqlMigration Migration = new(22, "store write probe and delivered outbox recipients", """
        CREATE TABLE store_probe (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            written_at TEXT NOT NULL
        );
        CREATE TABLE outbox_delivered (
            outbox_id INTEGER NOT NULL REFERENCES outbox (id),
            address TEXT NOT NULL,
            delivered_at TEXT NOT NULL,
            PRIMARY KEY (outbox_id, address)
        );
        """);
}
