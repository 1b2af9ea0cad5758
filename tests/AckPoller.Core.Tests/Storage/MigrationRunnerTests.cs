using System.Data.Common;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage;
using AckPoller.Core.Storage.Migrations;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Core.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Storage;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class MigrationRunnerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Fresh_database_gets_every_migration_recorded_in_schema_version()
    {
        var connections = Connections();
        var runner = new MigrationRunner(connections, SqliteMigrations.All, TimeProvider.System, NullLogger<MigrationRunner>.Instance);

        var applied = await runner.ApplyAsync(default);

        Assert.Equal(SqliteMigrations.All.Count, applied);
        await using var connection = await connections.OpenAsync(default);
        Assert.Equal(runner.LatestVersion, await MigrationRunner.CurrentVersionAsync(connection, null, default));
        Assert.Equal(["account_activity", "account_auth_state", "ack_log", "admin_notification", "alerts", "external_alerts", "integration_cursors", "mailbox_cursors", "outbox", "outbox_delivered", "processed_messages", "schema_version", "store_probe", "token_cache", "webhook_deliveries"], await TablesAsync(connection));
    }

    [Fact]
    public async Task Running_again_applies_nothing()
    {
        var connections = Connections();
        var runner = new MigrationRunner(connections, SqliteMigrations.All, TimeProvider.System, NullLogger<MigrationRunner>.Instance);
        await runner.ApplyAsync(default);

        Assert.Equal(0, await runner.ApplyAsync(default));
    }

    [Fact]
    public async Task A_new_migration_appended_later_is_applied_on_the_next_start_only()
    {
        var connections = Connections();
        await new MigrationRunner(connections, SqliteMigrations.All, TimeProvider.System, NullLogger<MigrationRunner>.Instance).ApplyAsync(default);
        var next = new SqlMigration(SqliteMigrations.All[^1].Version + 1, "later", "CREATE TABLE later (id INTEGER PRIMARY KEY, reference TEXT NOT NULL)");
        var runner = new MigrationRunner(connections, [.. SqliteMigrations.All, next], TimeProvider.System, NullLogger<MigrationRunner>.Instance);

        Assert.Equal(1, await runner.ApplyAsync(default));
        await using var connection = await connections.OpenAsync(default);
        Assert.Contains("later", await TablesAsync(connection));
    }

    [Fact]
    public async Task A_failing_migration_rolls_back_and_leaves_the_version_unchanged()
    {
        var connections = Connections();
        var broken = new SqlMigration(2, "broken", "CREATE TABLE half (id INTEGER); THIS IS NOT SQL;");
        var runner = new MigrationRunner(connections, [SqliteMigrations.All[0], broken], TimeProvider.System, NullLogger<MigrationRunner>.Instance);

        var error = await Assert.ThrowsAsync<StoreException>(() => runner.ApplyAsync(default));

        Assert.Contains("migration 2 (broken)", error.Message);
        await using var connection = await connections.OpenAsync(default);
        Assert.Equal(1, await MigrationRunner.CurrentVersionAsync(connection, null, default));
        Assert.DoesNotContain("half", await TablesAsync(connection));
    }

    [Fact]
    public async Task A_database_newer_than_the_code_is_refused()
    {
        var connections = Connections();
        var future = new SqlMigration(SqliteMigrations.All[^1].Version + 1, "future", "CREATE TABLE future (id INTEGER)");
        await new MigrationRunner(connections, [.. SqliteMigrations.All, future], TimeProvider.System, NullLogger<MigrationRunner>.Instance).ApplyAsync(default);

        var error = await Assert.ThrowsAsync<StoreException>(() =>
            new MigrationRunner(connections, SqliteMigrations.All, TimeProvider.System, NullLogger<MigrationRunner>.Instance).ApplyAsync(default));
        Assert.Contains("newer", error.Message);
    }

    [Fact]
    public void Numbering_out_of_order_is_refused()
    {
        var three = new SqlMigration(3, "three", "SELECT 1");
        var two = new SqlMigration(2, "two", "SELECT 1");
        Assert.Throws<ArgumentException>(() =>
            new MigrationRunner(Connections(), [SqliteMigrations.All[0], three, two], TimeProvider.System, NullLogger<MigrationRunner>.Instance));
    }

    [Fact]
    public async Task A_lower_numbered_migration_added_later_is_still_applied()
    {
        var connections = Connections();
        var twenty = new SqlMigration(20, "twenty", "CREATE TABLE twenty (id INTEGER)");
        var two = new SqlMigration(2, "two", "CREATE TABLE two (id INTEGER)");
        await new MigrationRunner(connections, [SqliteMigrations.All[0], twenty], TimeProvider.System, NullLogger<MigrationRunner>.Instance).ApplyAsync(default);

        var applied = await new MigrationRunner(connections, [SqliteMigrations.All[0], two, twenty], TimeProvider.System, NullLogger<MigrationRunner>.Instance).ApplyAsync(default);

        Assert.Equal(1, applied);
        await using var connection = await connections.OpenAsync(default);
        Assert.Contains("two", await TablesAsync(connection));
    }

    [Fact]
    public async Task Connections_use_wal_busy_timeout_and_foreign_keys()
    {
        await using var connection = await Connections().OpenAsync(default);

        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
        Assert.Equal("1", await ScalarAsync(connection, "PRAGMA foreign_keys"));
        Assert.Equal("10000", await ScalarAsync(connection, "PRAGMA busy_timeout"));
    }

    [Fact]
    public async Task Missing_data_folder_is_created_owner_only()
    {
        var path = Path.Combine(_dir.Path, "data", "ackpoller.db");
        await using (await new SqliteConnectionFactory(new StorageOptions { DatabasePath = path }).OpenAsync(default))
        {
        }

        Assert.True(File.Exists(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        }
    }

    private SqliteConnectionFactory Connections() => new(new StorageOptions { DatabasePath = _dir.File("test.db") });

    private static async Task<List<string>> TablesAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task<string?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
