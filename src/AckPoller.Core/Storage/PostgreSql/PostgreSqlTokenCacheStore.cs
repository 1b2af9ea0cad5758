namespace AckPoller.Core.Storage.PostgreSql;

/// <summary>The encrypted MSAL token caches, one row per account and cache kind, shared by every node.</summary>
public sealed class PostgreSqlTokenCacheStore(IDatabaseConnectionFactory connections, TimeProvider time) : PostgreSqlStoreBase(connections), ITokenCacheStore
{
    public async Task<byte[]?> LoadAsync(string account, string cacheKind, CancellationToken cancellationToken) =>
        await ScalarAsync("SELECT blob FROM token_cache WHERE account = @account AND cache_kind = @kind", p =>
        {
            p.AddText("account", account);
            p.AddText("kind", cacheKind);
        }, cancellationToken) as byte[];

    public Task SaveAsync(string account, string cacheKind, byte[] encryptedBlob, CancellationToken cancellationToken) =>
        ExecuteAsync(
            """
            INSERT INTO token_cache (account, cache_kind, blob, updated_at) VALUES (@account, @kind, @blob, @at)
            ON CONFLICT (account, cache_kind) DO UPDATE SET blob = excluded.blob, updated_at = excluded.updated_at
            """,
            p =>
            {
                p.AddText("account", account);
                p.AddText("kind", cacheKind);
                p.Add("blob", encryptedBlob);
                p.AddTime("at", time.GetUtcNow());
            },
            cancellationToken);

    public Task DeleteAsync(string account, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM token_cache WHERE account = @account", p => p.AddText("account", account), cancellationToken);
}
