using AckPoller.Core.Storage.Migrations;

namespace AckPoller.Core.Storage.PostgreSql.Migrations;

/// <summary>The store's write probe and the recipients each outbox message has already reached (SQLite M0022).</summary>
internal static class P0011StoreProbeAndDeliveredRecipients
{
    public static readonly SqlMigration Migration = new(11, "store write probe and delivered outbox recipients", """
        CREATE TABLE store_probe (
            id integer PRIMARY KEY CHECK (id = 1),
            written_at timestamptz NOT NULL
        );
        CREATE TABLE outbox_delivered (
            outbox_id bigint NOT NULL REFERENCES outbox (id),
            address text NOT NULL,
            delivered_at timestamptz NOT NULL,
            PRIMARY KEY (outbox_id, address)
        );
        """);
}
