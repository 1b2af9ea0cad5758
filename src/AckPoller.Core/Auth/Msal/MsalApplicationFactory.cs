using AckPoller.Core.Auth;
using AckPoller.Core.Auth.TokenCache;
using AckPoller.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Identity.Client;

namespace AckPoller.Core.Auth.Msal;

/// <summary>Builds the MSAL client applications of an account, with production settings; only the HTTP client factory
/// differs in tests (it reaches the local Entra stand-in). Token caches are bound to the encrypted store.</summary>
public sealed class MsalApplicationFactory
{
    private readonly IMsalHttpClientFactory _http;
    private readonly ITokenCacheStore _caches;
    private readonly TokenCacheCipher _cipher;
    private readonly SecretResolver _secrets;
    private readonly ILoggerFactory _loggers;

    public MsalApplicationFactory(IMsalHttpClientFactory http, ITokenCacheStore caches, TokenCacheCipher cipher, SecretResolver secrets, ILoggerFactory loggers)
    {
        _http = http;
        _caches = caches;
        _cipher = cipher;
        _secrets = secrets;
        _loggers = loggers;
    }

    public TokenCacheCipher Cipher => _cipher;

    /// <summary>The store the token caches are bound to (for the refresh lock and their versions).</summary>
    public ITokenCacheStore Caches => _caches;

    public SecretResolver Secrets => _secrets;

    /// <summary>Throws <see cref="CredentialLoadException"/> when the secret or certificate cannot be read.</summary>
    public IConfidentialClientApplication CreateConfidential(MailAccountOptions account)
    {
        var logger = _loggers.CreateLogger($"AckPoller.Msal.{account.Name}");
        var builder = ConfidentialClientApplicationBuilder.Create(account.ClientId)
            .WithAuthority(account.ResolvedAuthority)
            .WithHttpClientFactory(_http)
            .WithLogging(new MsalLogger(logger), enablePiiLogging: false)
            .WithClientName("AckPoller")
            .WithInstanceDiscovery(MicrosoftCloudHosts.IsMicrosoftAuthority(account.ResolvedAuthority));
        if (!string.IsNullOrWhiteSpace(account.RedirectUri))
        {
            builder = builder.WithRedirectUri(account.RedirectUri);
        }

        if (!string.IsNullOrWhiteSpace(account.CertificateFile))
        {
            var certificate = CertificateLoader.Load(account.CertificateFile, account.CertificateKeyFile, _secrets.CertificatePassword(account));
            builder = builder.WithCertificate(certificate, sendX5C: true);
        }
        else
        {
            var secret = _secrets.ClientSecret(account)
                ?? throw new CredentialLoadException($"The client secret of account {account.Name} is empty: set the environment variable named by ClientSecretEnv or the file named by ClientSecretFile.");
            builder = builder.WithClientSecret(secret);
        }

        var app = builder.Build();
        EncryptedTokenCache.Bind(app.UserTokenCache, account.Name, EncryptedTokenCache.UserCache, _caches, _cipher, logger);
        EncryptedTokenCache.Bind(app.AppTokenCache, account.Name, EncryptedTokenCache.AppCache, _caches, _cipher, logger);
        return app;
    }

    /// <summary>The device-code flow runs on a public client; it shares the account's user token cache.</summary>
    public IPublicClientApplication CreatePublic(MailAccountOptions account)
    {
        var logger = _loggers.CreateLogger($"AckPoller.Msal.{account.Name}");
        var app = PublicClientApplicationBuilder.Create(account.ClientId)
            .WithAuthority(account.ResolvedAuthority)
            .WithHttpClientFactory(_http)
            .WithLogging(new MsalLogger(logger), enablePiiLogging: false)
            .WithClientName("AckPoller")
            .WithInstanceDiscovery(MicrosoftCloudHosts.IsMicrosoftAuthority(account.ResolvedAuthority))
            .Build();
        EncryptedTokenCache.Bind(app.UserTokenCache, account.Name, EncryptedTokenCache.UserCache, _caches, _cipher, logger);
        return app;
    }
}
