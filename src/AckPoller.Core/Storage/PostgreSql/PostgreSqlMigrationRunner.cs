using System.Globalization;
using AckPoller.Core.Storage.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AckPoller.Core.Storage.PostgreSql;

/// <summary>Brings a PostgreSQL database up to the newest schema under a session-level advisory lock, so nodes started
/// together migrate one after the other and the later ones find nothing left to do. Each migration runs in its own
/// transaction with its schema_version row (PostgreSQL DDL is transactional). A database whose schema is newer than
/// this binary knows is refused before anything is touched.</summary>
public sealed class PostgreSqlMigrationRunner : ISchemaMigrator
{
    /// <summary>The advisory lock key: "AckPollerMigrate" folded into 64 bits; any stable number unique to AckPoller works.</summary>
    internal const long LockKey = 0x41636B506F6C6C01;

    private readonly IDatabaseConnectionFactory _connections;
    private readonly IReadOnlyList<IMigration> _migrations;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public PostgreSqlMigrationRunner(IDatabaseConnectionFactory connections, IReadOnlyList<IMigration> migrations, TimeProvider time, ILogger<PostgreSqlMigrationRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version <= migrations[i - 1].Version)
            {
                throw new ArgumentException($"Migrations must be numbered in increasing order; position {i} has version {migrations[i].Version} after {migrations[i - 1].Version}.", nameof(migrations));
            }
        }

        _connections = connections;
        _migrations = migrations;
        _time = time;
        _logger = logger;
    }

    public int LatestVersion => _migrations.Count == 0 ? 0 : _migrations[^1].Version;

    public async Task<int> ApplyAsync(CancellationToken cancellationToken)
    {
        await using var connection = (NpgsqlConnection)await _connections.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null,
                "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)",
                cancellationToken);
            var recorded = await RecordedVersionsAsync(connection, cancellationToken);
            var known = _migrations.Select(m => m.Version).ToHashSet();
            if (recorded.Where(v => !known.Contains(v)).Select(v => (int?)v).Max() is { } unknown)
            {
                throw new StoreException(
                    $"The PostgreSQL database has schema version {recorded.Max()}, newer than this AckPoller knows (it knows up to {LatestVersion}; unknown version {unknown}): it was migrated by a newer AckPoller. Run that version, or upgrade this node.");
            }

            var applied = 0;
            foreach (var migration in _migrations.Where(m => !recorded.Contains(m.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                try
                {
                    await migration.ApplyAsync(connection, transaction, cancellationToken);
                }
                catch (NpgsqlException ex)
                {
                    throw new StoreException($"PostgreSQL schema migration {migration.Version} ({migration.Name}) failed: {ex.Message}", ex);
                }

                await using (var record = new NpgsqlCommand("INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @at)", connection, transaction))
                {
                    record.Parameters.AddWithValue("version", migration.Version);
                    record.Parameters.AddWithValue("name", migration.Name);
                    record.Parameters.AddWithValue("at", _time.GetUtcNow().ToUniversalTime());
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                applied++;
                MigrationsLog.AppliedPostgreSqlSchemaMigration(_logger, migration.Version, migration.Name);
            }

            return applied;
        }
        finally
        {
            // A broken connection releases the lock by itself; only unlock on a healthy one.
            if (connection.FullState == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            }
        }
    }

    /// <summary>The schema version recorded in the database (0 when none).</summary>
    public static async Task<int> CurrentVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task<HashSet<int>> RecordedVersionsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT version FROM schema_version", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new HashSet<int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
