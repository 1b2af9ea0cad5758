using AckPoller.Core.Auth.Msal;
using AckPoller.Core.Auth.State;
using AckPoller.Core.Auth.TokenCache;
using AckPoller.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Identity.Client;

namespace AckPoller.Core.Auth;

/// <summary>All configured accounts' authenticators, built once from the options, plus the shared state service.</summary>
public sealed class AccountAuthenticators : IAsyncDisposable
{
    private readonly Dictionary<string, AccountAuthenticator> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly TokenCacheCipher _cipher;
    private int _disposed;

    public AccountAuthenticators(
        AckPollerOptions options,
        IAuthStateStore authStates,
        ITokenCacheStore tokenCaches,
        IMsalHttpClientFactory httpClientFactory,
        byte[] tokenCacheKey,
        TimeProvider time,
        ILoggerFactory loggers,
        SecretResolver? secrets = null,
        TimeSpan? retryBaseDelay = null)
    {
        Options = options;
        TokenCaches = tokenCaches;
        _cipher = new TokenCacheCipher(tokenCacheKey);
        States = new AuthStateService(authStates, time, loggers.CreateLogger<AuthStateService>());
        var factory = new MsalApplicationFactory(httpClientFactory, tokenCaches, _cipher, secrets ?? new SecretResolver(), loggers);
        var pipeline = TokenEndpointPipeline.Create(options.Auth, time, loggers.CreateLogger("AckPoller.Auth.TokenEndpoint"), retryBaseDelay);
        for (var i = 0; i < options.Accounts.Count; i++)
        {
            var account = options.Accounts[i];
            _byName[account.Name] = new AccountAuthenticator(account, $"Accounts:{i}", factory, States, pipeline, loggers.CreateLogger($"AckPoller.Auth.{account.Name}"));
        }
    }

    public AckPollerOptions Options { get; }

    public AuthStateService States { get; }

    public ITokenCacheStore TokenCaches { get; }

    public IEnumerable<AccountAuthenticator> All => _byName.Values;

    public AccountAuthenticator Get(string account) =>
        _byName.TryGetValue(account, out var authenticator)
            ? authenticator
            : throw new KeyNotFoundException($"No account named '{account}' is configured (known: {string.Join(", ", _byName.Keys)}).");

    public bool TryGet(string account, out AccountAuthenticator authenticator) => _byName.TryGetValue(account, out authenticator!);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var authenticator in _byName.Values)
        {
            await authenticator.DisposeAsync();
        }

        States.Dispose();
        _cipher.Dispose();
    }
}
