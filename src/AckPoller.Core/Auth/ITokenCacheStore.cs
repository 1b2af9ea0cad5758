namespace AckPoller.Core.Auth;

/// <summary>Persists MSAL token caches, already encrypted, per account and cache kind ("user" or "app"). One row per
/// account and kind is shared by every node; each row carries a version that changes on every write, so a writer can
/// replace exactly the cache it read (compare-and-swap) and never overwrite a newer one (a rotated refresh token) with
/// an older one.</summary>
public interface ITokenCacheStore
{
    Task<byte[]?> LoadAsync(string account, string cacheKind, CancellationToken cancellationToken);

    /// <summary>The cache and its version; null when there is none (the version to expect for a first write is then
    /// <see cref="VersionedTokenCache.Absent"/>).</summary>
    Task<VersionedTokenCache?> LoadVersionedAsync(string account, string cacheKind, CancellationToken cancellationToken);

    /// <summary>Writes the cache only if the stored one still has <paramref name="expectedVersion"/>
    /// (<see cref="VersionedTokenCache.Absent"/>: only if there is none yet). False: another writer came first; reload,
    /// merge and try again.</summary>
    Task<bool> TrySaveAsync(string account, string cacheKind, byte[] encryptedBlob, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Writes the cache whatever is stored (a new version all the same). For copies and tests; MSAL's writes go
    /// through <see cref="TrySaveAsync"/>.</summary>
    Task SaveAsync(string account, string cacheKind, byte[] encryptedBlob, CancellationToken cancellationToken);

    Task DeleteAsync(string account, CancellationToken cancellationToken);

    /// <summary>Waits until no other holder (another node on PostgreSQL, another caller in this process on SQLite) is
    /// refreshing this account's tokens, and holds that right until disposed. Held across "reload the cache, ask MSAL
    /// for a token (perhaps a refresh), save the cache".</summary>
    Task<ITokenRefreshLock> LockRefreshAsync(string account, CancellationToken cancellationToken);
}

/// <summary>An encrypted cache as stored, with its version (opaque: only ever compared for equality).</summary>
public sealed record VersionedTokenCache(byte[] Blob, long Version)
{
    /// <summary>The version to expect when no cache is stored yet.</summary>
    public const long Absent = 0;
}

/// <summary>The right to refresh one account's tokens; released on dispose.</summary>
public interface ITokenRefreshLock : IAsyncDisposable
{
    /// <summary>True when another holder had it and this one waited for it.</summary>
    bool Waited { get; }
}
