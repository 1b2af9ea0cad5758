using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Storage.Migrations;

/// <summary>Brings a database up to the newest schema: creates schema_version, then applies each missing migration in its
/// own transaction together with its schema_version row, so a crash leaves the schema at a known version.
/// Safe when two processes start at once: each migration re-checks inside the (write-locking) transaction.</summary>
public sealed class MigrationRunner : ISchemaMigrator
{
    private readonly IDatabaseConnectionFactory _connections;
    private readonly IReadOnlyList<IMigration> _migrations;
    private readonly HashSet<int> _known;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public MigrationRunner(IDatabaseConnectionFactory connections, IReadOnlyList<IMigration> migrations, TimeProvider time, ILogger<MigrationRunner> logger)
    {
        _connections = connections;
        _migrations = Validate(migrations);
        _known = [.. migrations.Select(m => m.Version)];
        _time = time;
        _logger = logger;
    }

    /// <summary>The version the newest known migration brings the schema to.</summary>
    public int LatestVersion => _migrations.Count == 0 ? 0 : _migrations[^1].Version;

    /// <summary>Applies what is missing; returns how many migrations ran.</summary>
    public async Task<int> ApplyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)", cancellationToken);

        var recorded = await RecordedVersionsAsync(connection, null, cancellationToken);
        foreach (var version in recorded)
        {
            if (!_known.Contains(version))
            {
                throw new StoreException($"The database has schema version {version}, which this AckPoller does not know: it was written by a newer AckPoller (this one knows up to {LatestVersion}). Upgrade AckPoller or use another database.");
            }
        }

        var applied = 0;
        foreach (var migration in _migrations)
        {
            if (recorded.Contains(migration.Version))
            {
                continue;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if ((await RecordedVersionsAsync(connection, transaction, cancellationToken)).Contains(migration.Version))
            {
                continue;
            }

            try
            {
                await migration.ApplyAsync(connection, transaction, cancellationToken);
            }
            catch (DbException ex)
            {
                throw new StoreException($"Schema migration {migration.Version} ({migration.Name}) failed: {ex.Message}", ex);
            }

            await using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_version (version, name, applied_at) VALUES ($version, $name, $at)";
                AddParameter(record, "$version", migration.Version);
                AddParameter(record, "$name", migration.Name);
                AddParameter(record, "$at", StoreTime.Format(_time.GetUtcNow()));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            applied++;
            MigrationsLog.AppliedSchemaMigration(_logger, migration.Version, migration.Name);
        }

        return applied;
    }

    /// <summary>The schema version recorded in the database (0 when none).</summary>
    public static async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Versions must increase; gaps are allowed (parallel work reserves number ranges), and a lower-numbered
    /// migration added later is still applied, because each version is checked on its own.</summary>
    private static IReadOnlyList<IMigration> Validate(IReadOnlyList<IMigration> migrations)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            var previous = i == 0 ? 0 : migrations[i - 1].Version;
            if (migrations[i].Version <= previous)
            {
                throw new ArgumentException($"Migrations must be numbered in increasing order; position {i} has version {migrations[i].Version} after {previous}.", nameof(migrations));
            }
        }

        return migrations;
    }

    private static async Task<HashSet<int>> RecordedVersionsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM schema_version";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new HashSet<int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
