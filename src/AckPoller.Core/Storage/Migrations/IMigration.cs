using System.Data.Common;

namespace AckPoller.Core.Storage.Migrations;

/// <summary>One numbered, append-only schema change. Once released, a migration is never edited: a fix is a new one.</summary>
public interface IMigration
{
    /// <summary>1, 2, 3…: contiguous, applied in order, recorded in schema_version.</summary>
    int Version { get; }

    string Name { get; }

    Task ApplyAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);
}
