using Microsoft.Data.Sqlite;

namespace AckPoller.Core.Storage.Sqlite;

public sealed class SqliteTokenCacheStore : ITokenCacheStore
{
    private readonly IDatabaseConnectionFactory _connections;
    private readonly TimeProvider _time;

    public SqliteTokenCacheStore(IDatabaseConnectionFactory connections, TimeProvider time)
    {
        _connections = connections;
        _time = time;
    }

    public async Task<byte[]?> LoadAsync(string account, string cacheKind, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT blob FROM token_cache WHERE account = $account AND cache_kind = $kind";
        command.Parameters.Add(new SqliteParameter("$account", account));
        command.Parameters.Add(new SqliteParameter("$kind", cacheKind));
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async Task SaveAsync(string account, string cacheKind, byte[] encryptedBlob, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO token_cache (account, cache_kind, blob, updated_at) VALUES ($account, $kind, $blob, $at)
            ON CONFLICT (account, cache_kind) DO UPDATE SET blob = excluded.blob, updated_at = excluded.updated_at
            """;
        command.Parameters.Add(new SqliteParameter("$account", account));
        command.Parameters.Add(new SqliteParameter("$kind", cacheKind));
        command.Parameters.Add(new SqliteParameter("$blob", encryptedBlob));
        command.Parameters.Add(new SqliteParameter("$at", StoreTime.Format(_time.GetUtcNow())));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteAsync(string account, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM token_cache WHERE account = $account";
        command.Parameters.Add(new SqliteParameter("$account", account));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
