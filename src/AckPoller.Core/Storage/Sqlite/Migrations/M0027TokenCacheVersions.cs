using AckPoller.Core.Storage.Migrations;

namespace AckPoller.Core.Storage.Sqlite.Migrations;

/// <summary>A version per token cache row, changed on every write, so writers replace only the cache they read.</summary>
internal static class M0027TokenCacheVersions
{
    public static readonly SqlMigration Migration = new(27, "token cache versions", """
        ALTER TABLE token_cache ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
        """);
}
