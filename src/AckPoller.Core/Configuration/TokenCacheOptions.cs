namespace AckPoller.Core.Configuration;

/// <summary>Section "TokenCache": where the AES-256 key that encrypts the MSAL token caches comes from.</summary>
public sealed class TokenCacheOptions
{
    public const string SectionName = "TokenCache";

    /// <summary>An environment variable holding the key as base64 (32 bytes). Used when set.</summary>
    public string KeyEnv { get; set; } = "ACKPOLLER_TOKEN_CACHE_KEY";

    /// <summary>Otherwise, a key file (base64, 32 bytes), created with mode 0600 on first run.</summary>
    public string KeyFile { get; set; } = "./data/token-cache.key";
}
