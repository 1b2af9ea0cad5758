using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using AckPoller.Core.Auth;

namespace AckPoller.Core.Storage.Sqlite;

/// <summary>The encrypted MSAL token caches in the SQLite file, versioned per row. SQLite means one node, so the
/// refresh lock is a semaphore per account in this process.</summary>
public sealed class SqliteTokenCacheStore : ITokenCacheStore
{
    private readonly IDatabaseConnectionFactory _connections;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _refreshLocks = new(StringComparer.Ordinal);

    public SqliteTokenCacheStore(IDatabaseConnectionFactory connections, TimeProvider time)
    {
        _connections = connections;
        _time = time;
    }

    public async Task<byte[]?> LoadAsync(string account, string cacheKind, CancellationToken cancellationToken) =>
        (await LoadVersionedAsync(account, cacheKind, cancellationToken))?.Blob;

    public async Task<VersionedTokenCache?> LoadVersionedAsync(string account, string cacheKind, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT blob, version FROM token_cache WHERE account = $account AND cache_kind = $kind";
        command.Parameters.Add(new SqliteParameter("$account", account));
        command.Parameters.Add(new SqliteParameter("$kind", cacheKind));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new VersionedTokenCache((byte[])reader.GetValue(0), reader.GetInt64(1)) : null;
    }

    public async Task<bool> TrySaveAsync(string account, string cacheKind, byte[] encryptedBlob, long expectedVersion, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = expectedVersion == VersionedTokenCache.Absent
            ? """
              INSERT INTO token_cache (account, cache_kind, blob, updated_at, version) VALUES ($account, $kind, $blob, $at, $first)
              ON CONFLICT (account, cache_kind) DO NOTHING
              """
            : """
              UPDATE token_cache SET blob = $blob, updated_at = $at, version = version + 1
              WHERE account = $account AND cache_kind = $kind AND version = $expected
              """;
        Bind(command, account, cacheKind, encryptedBlob);
        command.Parameters.Add(new SqliteParameter("$expected", expectedVersion));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task SaveAsync(string account, string cacheKind, byte[] encryptedBlob, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO token_cache (account, cache_kind, blob, updated_at, version) VALUES ($account, $kind, $blob, $at, $first)
            ON CONFLICT (account, cache_kind) DO UPDATE SET blob = excluded.blob, updated_at = excluded.updated_at, version = token_cache.version + 1
            """;
        Bind(command, account, cacheKind, encryptedBlob);
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

    public async Task<ITokenRefreshLock> LockRefreshAsync(string account, CancellationToken cancellationToken)
    {
        var semaphore = _refreshLocks.GetOrAdd(account, _ => new SemaphoreSlim(1, 1));
        var waited = false;
        if (!semaphore.Wait(0, CancellationToken.None))
        {
            waited = true;
            await semaphore.WaitAsync(cancellationToken);
        }

        return new Held(semaphore, waited);
    }

    private void Bind(System.Data.Common.DbCommand command, string account, string cacheKind, byte[] encryptedBlob)
    {
        command.Parameters.Add(new SqliteParameter("$account", account));
        command.Parameters.Add(new SqliteParameter("$kind", cacheKind));
        command.Parameters.Add(new SqliteParameter("$blob", encryptedBlob));
        command.Parameters.Add(new SqliteParameter("$at", StoreTime.Format(_time.GetUtcNow())));
        command.Parameters.Add(new SqliteParameter("$first", TokenCacheVersions.First()));
    }

    private sealed class Held(SemaphoreSlim semaphore, bool waited) : ITokenRefreshLock
    {
        private int _released;

        public bool Waited => waited;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
