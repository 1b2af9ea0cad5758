using AckPoller.Core.Configuration;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Auth;

/// <summary>Refreshes each delegated account's token from the endpoint when its last refresh is older than
/// Auth:KeepAliveInterval, so a refresh token never sits unused for 90 days (AADSTS700082). Called by a scheduled job.</summary>
public sealed class TokenKeepAlive
{
    private readonly AccountAuthenticators _accounts;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public TokenKeepAlive(AccountAuthenticators accounts, TimeProvider time, ILogger<TokenKeepAlive> logger)
    {
        _accounts = accounts;
        _time = time;
        _logger = logger;
    }

    /// <summary>Returns the accounts that were refreshed.</summary>
    public async Task<IReadOnlyList<string>> RunOnceAsync(CancellationToken cancellationToken)
    {
        var refreshed = new List<string>();
        var interval = _accounts.Options.Auth.KeepAliveInterval;
        foreach (var authenticator in _accounts.All)
        {
            if (!authenticator.Options.IsDelegated)
            {
                continue;
            }

            var status = await authenticator.GetStatusAsync(cancellationToken);
            if (status.State is not (AuthState.Authorized or AuthState.MailboxAccessDenied) || status.HomeAccountId is null)
            {
                continue;
            }

            if (status.LastRefreshAt is { } last && _time.GetUtcNow() - last < interval)
            {
                continue;
            }

            try
            {
                await authenticator.GetCredentialsAsync(forceRefresh: true, cancellationToken);
                refreshed.Add(authenticator.Name);
                AuthLog.KeepAliveRefreshDone(_logger, authenticator.Name);
            }
            catch (AccountAuthException ex)
            {
                // The state (if it changed) is already recorded and announced.
                AuthLog.KeepAliveRefreshFailed(_logger, authenticator.Name, ex.Reason);
            }
        }

        return refreshed;
    }
}
