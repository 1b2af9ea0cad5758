using Npgsql;

namespace AckPoller.Core.Storage.PostgreSql;

/// <summary>One connection per call from the pooled data source, as the SQLite stores do.</summary>
public abstract class PostgreSqlStoreBase
{
    private readonly IDatabaseConnectionFactory _connections;

    protected PostgreSqlStoreBase(IDatabaseConnectionFactory connections) => _connections = connections;

    private protected IDatabaseConnectionFactory Connections => _connections;

    private protected async Task<T> WithCommandAsync<T>(string sql, Action<NpgsqlParameterCollection> bind, Func<NpgsqlCommand, Task<T>> run, CancellationToken cancellationToken)
    {
        await using var connection = (NpgsqlConnection)await _connections.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        bind(command.Parameters);
        return await run(command);
    }

    private protected Task<int> ExecuteAsync(string sql, Action<NpgsqlParameterCollection> bind, CancellationToken cancellationToken) =>
        WithCommandAsync(sql, bind, c => c.ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    private protected Task<object?> ScalarAsync(string sql, Action<NpgsqlParameterCollection> bind, CancellationToken cancellationToken) =>
        WithCommandAsync(sql, bind, c => c.ExecuteScalarAsync(cancellationToken), cancellationToken);

    private protected Task<IReadOnlyList<T>> ReadAsync<T>(string sql, Action<NpgsqlParameterCollection> bind, Func<System.Data.Common.DbDataReader, T> read, CancellationToken cancellationToken) =>
        WithCommandAsync(sql, bind, c => PostgreSqlRows.ReadAllAsync(c, read, cancellationToken), cancellationToken);

    private protected static T? First<T>(IReadOnlyList<T> rows)
        where T : class => rows.Count == 0 ? null : rows[0];

    private protected static void None(NpgsqlParameterCollection parameters)
    {
    }
}
