using AckPoller.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Identity.Client;

namespace AckPoller.Core.Auth.TokenCache;

/// <summary>Keeps one MSAL token cache in the store, encrypted: loaded before every MSAL access, written after every
/// access that changed it (a new or rotated refresh token is on disk before the token is used).</summary>
public sealed class EncryptedTokenCache
{
    public const string UserCache = "user";
    public const string AppCache = "app";

    private readonly string _account;
    private readonly string _kind;
    private readonly ITokenCacheStore _store;
    private readonly TokenCacheCipher _cipher;
    private readonly ILogger _logger;

    private EncryptedTokenCache(string account, string kind, ITokenCacheStore store, TokenCacheCipher cipher, ILogger logger)
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
        var blob = await _store.LoadAsync(_account, _kind, args.CancellationToken);
        if (blob is null)
        {
            args.TokenCache.DeserializeMsalV3(null, shouldClearExistingCache: true);
            return;
        }

        try
        {
            args.TokenCache.DeserializeMsalV3(_cipher.Decrypt(blob, AssociatedData), shouldClearExistingCache: true);
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
        if (!args.HasStateChanged)
        {
            return;
        }

        var plaintext = args.TokenCache.SerializeMsalV3();
        try
        {
            await _store.SaveAsync(_account, _kind, _cipher.Encrypt(plaintext, AssociatedData), args.CancellationToken);
        }
        finally
        {
            Array.Clear(plaintext);
        }
    }
}
