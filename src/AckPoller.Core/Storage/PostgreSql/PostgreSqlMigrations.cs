using AckPoller.Core.Storage.Migrations;
using AckPoller.Core.Storage.PostgreSql.Migrations;

namespace AckPoller.Core.Storage.PostgreSql;

/// <summary>Every PostgreSQL schema migration, in order (numbered on their own, independent of SQLite's). To change the
/// schema, add a file P000N….cs and append it here; never edit or reorder a released one. A SQLite migration that
/// changes the schema needs its PostgreSQL twin here, or the store contract tests fail on one of the providers.</summary>
public static class PostgreSqlMigrations
{
    public static IReadOnlyList<IMigration> All { get; } =
    [
        P0001AuthStateAndTokenCache.Migration,
        P0002Alerts.Migration,
        P0003AckLog.Migration,
        P0004ProcessedMessagesAndCursors.Migration,
        P0005Outbox.Migration,
        P0006AccountActivity.Migration,
        P0007AdminNotifications.Migration,
        P0008QuartzJobStore.Migration,
        P0009ClusterNodes.Migration,
        P0010ExternalAlertsAndWebhookDeliveries.Migration,
        P0011StoreProbeAndDeliveredRecipients.Migration,
        P0012TokenCacheVersions.Migration,
    ];
}
