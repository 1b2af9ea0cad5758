using System.Collections.Concurrent;
using AckPoller.Core.Auth;
using AckPoller.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Identity.Client;

namespace AckPoller.Core.Auth.TokenCache;

/// <summary>Keeps one MSAL token cache in the store, encrypted: loaded before every MSAL access, written after every
/// access that changed it (a new or rotated refresh token is on disk before the token is used). The write replaces only
/// the version that was loaded (compare-and-swap); when another writer (another node) came first, the stored cache is
/// reloaded, merged with this one (<see cref="TokenCacheMerge"/>: the newer token of each entry wins) and written again,
/// a bounded number of times.</summary>
public sealed class EncryptedTokenCache
{
    public const string UserCache = "user";
    public const string AppCache = "app";

    /// <summary>Writes tried before giving up (each after a reload and merge); contention is one other writer at most
    /// in practice, since token refreshes hold the account's refresh lock.</summary>
    internal const int MaxSaveAttempts = 5;

    private readonly string _account;
    private readonly string _kind;
    private readonly ITokenCacheStore _store;
    private readonly TokenCacheCipher _cipher;
    private readonly ILogger _logger;

    // The version each MSAL request loaded, by its correlation id (MSAL may run several requests on one cache at once).
    private readonly ConcurrentDictionary<Guid, long> _loaded = new();

    internal EncryptedTokenCache(string account, string kind, ITokenCacheStore store, TokenCacheCipher cipher, ILogger logger)
    {
        _account = account;
        _kind = kind;
        _store = store;
        _cipher = cipher;
        _logger = logger;
    }

    public static void Bind(ITokenCache cache, string account, string kind, ITokenCacheStore store, TokenCacheCipher cipher, ILogger logger)
    {
        var binding = new EncryptedTokenCache(account, kind, store, cipher, logger);
        cache.SetBeforeAccessAsync(binding.BeforeAccessAsync);
        cache.SetAfterAccessAsync(binding.AfterAccessAsync);
    }

    private string AssociatedData => $"ackpoller-token-cache:{_kind}:{_account}";

    internal async Task BeforeAccessAsync(TokenCacheNotificationArgs args)
    {
        var stored = await _store.LoadVersionedAsync(_account, _kind, args.CancellationToken);
        _loaded[args.CorrelationId] = stored?.Version ?? VersionedTokenCache.Absent;
        if (stored is null)
        {
            args.TokenCache.DeserializeMsalV3(null, shouldClearExistingCache: true);
            return;
        }

        try
        {
            args.TokenCache.DeserializeMsalV3(_cipher.Decrypt(stored.Blob, AssociatedData), shouldClearExistingCache: true);
        }
        catch (TokenCacheDecryptionException ex)
        {
            // A lost or changed key must not stop the service: the account needs a new sign-in, which overwrites the row.
            TokenCacheLog.TokenCacheAccountUnreadableIgnored(_logger, _account, _kind, ex.Message);
            args.TokenCache.DeserializeMsalV3(null, shouldClearExistingCache: true);
        }
    }

    internal async Task AfterAccessAsync(TokenCacheNotificationArgs args)
    {
        if (!_loaded.TryRemove(args.CorrelationId, out var expected))
        {
            expected = VersionedTokenCache.Absent;
        }

        if (!args.HasStateChanged)
        {
            return;
        }

        var plaintext = args.TokenCache.SerializeMsalV3();
        try
        {
            await SaveAsync(plaintext, expected, args.CancellationToken);
        }
        finally
        {
            Array.Clear(plaintext);
        }
    }

    private async Task SaveAsync(byte[] plaintext, long expected, CancellationToken cancellationToken)
    {
        var cache = plaintext;
        try
        {
            for (var attempt = 1; attempt <= MaxSaveAttempts; attempt++)
            {
                if (await _store.TrySaveAsync(_account, _kind, _cipher.Encrypt(cache, AssociatedData), expected, cancellationToken))
                {
                    return;
                }

                var stored = await _store.LoadVersionedAsync(_account, _kind, cancellationToken);
                if (stored is null)
                {
                    if (expected != VersionedTokenCache.Absent)
                    {
                        // Deleted since it was loaded: signed out meanwhile. The sign-out stands.
                        TokenCacheLog.TokenCacheDeletedWhileSaving(_logger, _account, _kind);
                        return;
                    }

                    continue;
                }

                TokenCacheLog.TokenCacheWriteConflictMerging(_logger, _account, _kind, attempt);
                var merged = Merge(stored.Blob, cache);
                if (!ReferenceEquals(cache, plaintext))
                {
                    Array.Clear(cache);
                }

                cache = merged;
                expected = stored.Version;
            }
        }
        finally
        {
            if (!ReferenceEquals(cache, plaintext))
            {
                Array.Clear(cache);
            }
        }

        TokenCacheLog.TokenCacheWriteGaveUp(_logger, _account, _kind, MaxSaveAttempts);
        throw new StoreException($"The token cache of account {_account} ({_kind}) kept changing under this write ({MaxSaveAttempts} attempts); the token request will be retried.");
    }

    private byte[] Merge(byte[] storedBlob, byte[] ours)
    {
        byte[] stored;
        try
        {
            stored = _cipher.Decrypt(storedBlob, AssociatedData);
        }
        catch (TokenCacheDecryptionException)
        {
            // The stored one cannot be read with this key (it would be ignored on load anyway): this one replaces it.
            return ours.ToArray();
        }

        try
        {
            return TokenCacheMerge.Merge(stored, ours);
        }
        finally
        {
            Array.Clear(stored);
        }
    }
}
