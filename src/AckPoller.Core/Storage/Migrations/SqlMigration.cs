using System.Data.Common;

namespace AckPoller.Core.Storage.Migrations;

/// <summary>A migration that is a SQL script (statements separated by semicolons, run as one batch).</summary>
public sealed class SqlMigration : IMigration
{
    private readonly string _sql;

    public SqlMigration(int version, string name, string sql)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        Version = version;
        Name = name;
        _sql = sql;
    }

    public int Version { get; }

    public string Name { get; }

    public async Task ApplyAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = _sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
