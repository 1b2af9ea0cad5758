using System.Data;
using Npgsql;
using AckPoller.Core.Alerts;

namespace AckPoller.Core.Storage.PostgreSql;

/// <summary>Starts READ COMMITTED transactions; see <see cref="PostgreSqlUnitOfWork"/> for the row locks that make
/// their decisions hold.</summary>
public sealed class PostgreSqlUnitOfWorkFactory(IDatabaseConnectionFactory connections) : IUnitOfWorkFactory
{
    public async Task<IUnitOfWork> BeginAsync(CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)await connections.OpenAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
            return new PostgreSqlUnitOfWork(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
