using AckPoller.Core.Storage.Migrations;

namespace AckPoller.Core.Storage.PostgreSql.Migrations;

/// <summary>A version per token cache row, changed on every write, so nodes replace only the cache they read
/// (SQLite M0027).</summary>
internal static class P0012TokenCacheVersions
{
    public static readonly SqlMigration Migration = new(12, "token cache versions", """
        ALTER TABLE token_cache ADD COLUMN version bigint NOT NULL DEFAULT 1;
        """);
}
