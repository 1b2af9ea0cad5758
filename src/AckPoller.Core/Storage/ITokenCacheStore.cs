namespace AckPoller.Core.Storage;

/// <summary>Persists MSAL token caches, already encrypted, per account and cache kind ("user" or "app").</summary>
public interface ITokenCacheStore
{
    Task<byte[]?> LoadAsync(string account, string cacheKind, CancellationToken cancellationToken);

    Task SaveAsync(string account, string cacheKind, byte[] encryptedBlob, CancellationToken cancellationToken);

    Task DeleteAsync(string account, CancellationToken cancellationToken);
}
