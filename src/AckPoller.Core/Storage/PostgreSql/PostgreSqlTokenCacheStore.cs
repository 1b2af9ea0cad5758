using Npgsql;
using NpgsqlTypes;
using AckPoller.Core.Auth;

namespace AckPoller.Core.Storage.PostgreSql;

/// <summary>The encrypted MSAL token caches, one versioned row per account and cache kind, shared by every node. The
/// refresh lock is a transaction-scoped advisory lock on (<see cref="RefreshLockClass"/>, hashtext(account)), held on
/// its own connection: the database releases it when the holder commits, or when its node or connection dies.</summary>
public sealed class PostgreSqlTokenCacheStore(IDatabaseConnectionFactory connections, TimeProvider time) : PostgreSqlStoreBase(connections), ITokenCacheStore
{
    /// <summary>"AckT": the advisory lock class of token refreshes, apart from IDLE ownership's "AckP" (0x41636B50).</summary>
    internal const int RefreshLockClass = 0x41636B54;

    public async Task<byte[]?> LoadAsync(string account, string cacheKind, CancellationToken cancellationToken) =>
        (await LoadVersionedAsync(account, cacheKind, cancellationToken))?.Blob;

    public async Task<VersionedTokenCache?> LoadVersionedAsync(string account, string cacheKind, CancellationToken cancellationToken) =>
        First(await ReadAsync(
            "SELECT blob, version FROM token_cache WHERE account = @account AND cache_kind = @kind",
            p =>
            {
                p.AddText("account", account);
                p.AddText("kind", cacheKind);
            },
            r => new VersionedTokenCache((byte[])r.GetValue(0), r.GetInt64(1)),
            cancellationToken));

    public async Task<bool> TrySaveAsync(string account, string cacheKind, byte[] encryptedBlob, long expectedVersion, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            expectedVersion == VersionedTokenCache.Absent
                ? """
                  INSERT INTO token_cache (account, cache_kind, blob, updated_at, version) VALUES (@account, @kind, @blob, @at, @first)
                  ON CONFLICT (account, cache_kind) DO NOTHING
                  """
                : """
                  UPDATE token_cache SET blob = @blob, updated_at = @at, version = version + 1
                  WHERE account = @account AND cache_kind = @kind AND version = @expected
                  """,
            p =>
            {
                Bind(p, account, cacheKind, encryptedBlob);
                p.AddBigint("expected", expectedVersion);
            },
            cancellationToken) == 1;

    public Task SaveAsync(string account, string cacheKind, byte[] encryptedBlob, CancellationToken cancellationToken) =>
        ExecuteAsync(
            """
            INSERT INTO token_cache (account, cache_kind, blob, updated_at, version) VALUES (@account, @kind, @blob, @at, @first)
            ON CONFLICT (account, cache_kind) DO UPDATE SET blob = excluded.blob, updated_at = excluded.updated_at, version = token_cache.version + 1
            """,
            p => Bind(p, account, cacheKind, encryptedBlob),
            cancellationToken);

    public Task DeleteAsync(string account, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM token_cache WHERE account = @account", p => p.AddText("account", account), cancellationToken);

    public async Task<ITokenRefreshLock> LockRefreshAsync(string account, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)await Connections.OpenAsync(cancellationToken);
        NpgsqlTransaction? transaction = null;
        try
        {
            transaction = await connection.BeginTransactionAsync(cancellationToken);
            var waited = !await LockAsync(connection, transaction, "pg_try_advisory_xact_lock", account, cancellationToken);
            if (waited)
            {
                await LockAsync(connection, transaction, "pg_advisory_xact_lock", account, cancellationToken);
            }

            return new Held(connection, transaction, waited);
        }
        catch
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }

            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<bool> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string function, string account, CancellationToken cancellationToken)
    {
        var blocking = function == "pg_advisory_xact_lock";
        await using var command = new NpgsqlCommand(
            blocking ? "SELECT true FROM (SELECT pg_advisory_xact_lock(@class, hashtext(@account))) AS held" : $"SELECT {function}(@class, hashtext(@account))",
            connection, transaction);
        command.Parameters.Add(new NpgsqlParameter("class", NpgsqlDbType.Integer) { Value = RefreshLockClass });
        command.Parameters.AddText("account", account);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    private void Bind(NpgsqlParameterCollection p, string account, string cacheKind, byte[] encryptedBlob)
    {
        p.AddText("account", account);
        p.AddText("kind", cacheKind);
        p.Add("blob", encryptedBlob);
        p.AddTime("at", time.GetUtcNow());
        p.AddBigint("first", TokenCacheVersions.First());
    }

    private sealed class Held(NpgsqlConnection connection, NpgsqlTransaction transaction, bool waited) : ITokenRefreshLock
    {
        private int _released;

        public bool Waited => waited;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1)
            {
                return;
            }

            try
            {
                // Ending the transaction releases the lock; a broken connection releases it too.
                await transaction.RollbackAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // The connection is gone: so is the lock.
            }
            finally
            {
                await transaction.DisposeAsync();
                await connection.DisposeAsync();
            }
        }
    }
}
