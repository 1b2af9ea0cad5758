using AckPoller.Core.Storage.Migrations;

namespace AckPoller.Core.Storage.PostgreSql.Migrations;

/// <summary>The node registry: one row per running node, its heartbeat refreshed every few seconds.</summary>
internal static class P0009ClusterNodes
{
    public static readonly SqlMigration Migration = new(9, "cluster nodes", """
        CREATE TABLE cluster_nodes (
            id text PRIMARY KEY,
            host text NOT NULL,
            version text NOT NULL,
            started_at timestamptz NOT NULL,
            heartbeat_at timestamptz NOT NULL
        );
        """);
}
