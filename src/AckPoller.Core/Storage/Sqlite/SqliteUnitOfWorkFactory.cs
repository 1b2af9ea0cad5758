using Microsoft.Data.Sqlite;
using AckPoller.Core.Alerts;

namespace AckPoller.Core.Storage.Sqlite;

/// <summary>Starts SQLite write transactions with BEGIN IMMEDIATE: the write lock is taken up front (waiting up to the
/// busy timeout for another writer), so a transaction that read an alert cannot fail later when it upgrades to write,
/// and two pollers acting on one alert are serialized.</summary>
public sealed class SqliteUnitOfWorkFactory : IUnitOfWorkFactory
{
    private readonly IDatabaseConnectionFactory _connections;

    public SqliteUnitOfWorkFactory(IDatabaseConnectionFactory connections) => _connections = connections;

    public async Task<IUnitOfWork> BeginAsync(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var connection = (SqliteConnection)await _connections.OpenAsync(cancellationToken);
        try
        {
            var transaction = connection.BeginTransaction(deferred: false);
            Telemetry.AckPollerMetrics.Database("begin", Telemetry.AckPollerMetrics.Since(started));
            return new SqliteUnitOfWork(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
