using AckPoller.Core.Configuration;
using AckPoller.Core.Storage;
using AckPoller.Core.Storage.Migrations;
using AckPoller.Core.Storage.PostgreSql;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Core.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AckPoller.Core.Tests.Storage.PostgreSql;

[Collection(PostgresCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class PostgreSqlMigrationTests(PostgresServer server)
{
    [Fact]
    public async Task Nodes_started_together_apply_each_migration_once()
    {
        var database = await server.CreateDatabaseAsync();
        var factories = Enumerable.Range(0, 4).Select(_ => new PostgreSqlConnectionFactory(server.ConnectionString(database))).ToList();
        try
        {
            var applied = await Task.WhenAll(factories.Select(f => Task.Run(() => Runner(f).ApplyAsync(default))));

            Assert.Equal(PostgreSqlMigrations.All.Count, applied.Sum());
            Assert.Equal(PostgreSqlMigrations.All.Count, await ScalarAsync(database, "SELECT COUNT(*) FROM schema_version"));
            Assert.Equal(PostgreSqlMigrations.All[^1].Version, await ScalarAsync(database, "SELECT MAX(version) FROM schema_version"));
            Assert.Equal(0, await Runner(factories[0]).ApplyAsync(default));
        }
        finally
        {
            foreach (var factory in factories)
            {
                await factory.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_schema_newer_than_the_binary_is_refused_naming_both_versions_and_left_untouched()
    {
        var database = await server.CreateDatabaseAsync();
        await using var factory = new PostgreSqlConnectionFactory(server.ConnectionString(database));
        await Runner(factory).ApplyAsync(default);
        var future = PostgreSqlMigrations.All[^1].Version + 5;
        await ScalarAsync(database, $"INSERT INTO schema_version (version, name, applied_at) VALUES ({future}, 'from the future', now()) RETURNING version");

        var refused = await Assert.ThrowsAsync<StoreException>(() => Runner(factory).ApplyAsync(default));

        Assert.Contains($"schema version {future}", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"knows up to {PostgreSqlMigrations.All[^1].Version}", refused.Message, StringComparison.Ordinal);
        Assert.Equal(PostgreSqlMigrations.All.Count + 1, await ScalarAsync(database, "SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task A_failed_migration_leaves_the_schema_at_the_last_good_version()
    {
        var database = await server.CreateDatabaseAsync();
        await using var factory = new PostgreSqlConnectionFactory(server.ConnectionString(database));
        var broken = new SqlMigration(2, "broken", "CREATE TABLE half_done (x integer); SELECT * FROM no_such_table;");

        var failed = await Assert.ThrowsAsync<StoreException>(() =>
            new PostgreSqlMigrationRunner(factory, [PostgreSqlMigrations.All[0], broken], TimeProvider.System, NullLogger<PostgreSqlMigrationRunner>.Instance).ApplyAsync(default));

        Assert.Contains("migration 2 (broken)", failed.Message, StringComparison.Ordinal);
        Assert.Equal(1, await ScalarAsync(database, "SELECT MAX(version) FROM schema_version"));
        Assert.Equal(0, await ScalarAsync(database, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'half_done'"));
    }

    /// <summary>The PostgreSQL schema holds every table and column the SQLite schema has, so both providers store the same
    /// data. A SQLite migration without its PostgreSQL twin fails here, naming what is missing.</summary>
    [Fact]
    public async Task The_postgresql_schema_has_every_sqlite_table_and_column()
    {
        var database = await server.CreateDatabaseAsync();
        await using (var factory = new PostgreSqlConnectionFactory(server.ConnectionString(database)))
        {
            await Runner(factory).ApplyAsync(default);
        }

        using var dir = new TempDirectory();
        var sqlite = await SqliteStore.OpenAsync(new StorageOptions { DatabasePath = dir.File("schema.db") }, TimeProvider.System, NullLoggerFactory.Instance, default);
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        await using (var connection = (SqliteConnection)await sqlite.Connections.OpenAsync(default))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                expected.Add(reader.GetString(0) + "." + reader.GetString(1));
            }
        }

        var actual = new HashSet<string>(StringComparer.Ordinal);
        await using (var connection = new NpgsqlConnection(server.ConnectionString(database)))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'public'", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                actual.Add(reader.GetString(0));
            }
        }

        var missing = expected.Where(c => !actual.Contains(c)).ToList();
        Assert.True(missing.Count == 0, "The PostgreSQL migrations lack: " + string.Join(", ", missing));
    }

    private static PostgreSqlMigrationRunner Runner(IDatabaseConnectionFactory factory) =>
        new(factory, PostgreSqlMigrations.All, TimeProvider.System, NullLogger<PostgreSqlMigrationRunner>.Instance);

    private async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
