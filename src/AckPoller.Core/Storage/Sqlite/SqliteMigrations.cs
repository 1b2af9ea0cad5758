using AckPoller.Core.Storage.Migrations;
using AckPoller.Core.Storage.Sqlite.Migrations;

namespace AckPoller.Core.Storage.Sqlite;

/// <summary>Every SQLite schema migration, in order. To change the schema, add a file M000N….cs and append it here;
/// never edit or reorder a released one.</summary>
public static class SqliteMigrations
{
    public static IReadOnlyList<IMigration> All { get; } =
    [
        M0001AuthStateAndTokenCache.Migration,
        M0002Alerts.Migration,
        M0003AckLog.Migration,
        M0004ProcessedMessagesAndCursors.Migration,
        M0005Outbox.Migration,
        M0006MailboxHistoryAndMessageIds.Migration,
        M0007AccountActivity.Migration,
        M0020AdminNotifications.Migration,
        M0022StoreProbeAndDeliveredRecipients.Migration,
        M0025ExternalAlerts.Migration,
        M0026WebhookDeliveries.Migration,
        M0027TokenCacheVersions.Migration,
    ];
}
