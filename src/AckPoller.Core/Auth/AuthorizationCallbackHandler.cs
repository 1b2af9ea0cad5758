using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Auth;

/// <summary>Completes an authorization-code sign-in from the redirect URI's query: finds the account whose pending
/// sign-in issued this state (constant-time comparison; an unknown state is refused, which defeats CSRF and replays),
/// redeems the code with the stored PKCE verifier, and the account returns to Authorized.
/// The web host maps /oauth/callback to it; the CLI's loopback listener uses it too.</summary>
public sealed class AuthorizationCallbackHandler
{
    private const int MaxParameterLength = 8192;
    private readonly AccountAuthenticators _accounts;
    private readonly ILogger _logger;

    public AuthorizationCallbackHandler(AccountAuthenticators accounts, ILogger<AuthorizationCallbackHandler> logger)
    {
        _accounts = accounts;
        _logger = logger;
    }

    public async Task<AuthorizationCallbackResult> HandleAsync(AuthorizationCallback callback, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(callback.State) || callback.State.Length > MaxParameterLength || callback.Code?.Length > MaxParameterLength)
        {
            return new AuthorizationCallbackResult(false, null, "The sign-in response has no valid state. Start the sign-in again from AckPoller's link.");
        }

        var match = await FindPendingAsync(callback.State, cancellationToken);
        if (match is null)
        {
            AuthLog.SignInCallbackUnknownState(_logger);
            return new AuthorizationCallbackResult(false, null, "This sign-in link is unknown, expired or already used. Start the sign-in again.");
        }

        var (authenticator, pending) = match.Value;
        if (!string.IsNullOrEmpty(callback.Error))
        {
            var reason = $"Sign-in was not completed: {callback.Error}{(string.IsNullOrEmpty(callback.ErrorDescription) ? string.Empty : " — " + FirstLine(callback.ErrorDescription))}";
            AuthLog.SignInCallbackFailed(_logger, authenticator.Name, reason);
            return new AuthorizationCallbackResult(false, authenticator.Name, reason);
        }

        if (string.IsNullOrEmpty(callback.Code))
        {
            return new AuthorizationCallbackResult(false, authenticator.Name, "The sign-in response has no authorization code.");
        }

        try
        {
            await authenticator.CompleteAuthorizationCodeAsync(callback.Code, pending, cancellationToken);
        }
        catch (AccountAuthException ex)
        {
            return new AuthorizationCallbackResult(false, authenticator.Name, ex.Reason);
        }

        return new AuthorizationCallbackResult(true, authenticator.Name, $"Account {authenticator.Name} is signed in. AckPoller will use it from now on; you can close this page.");
    }

    private async Task<(AccountAuthenticator, PendingAuthorization)?> FindPendingAsync(string state, CancellationToken cancellationToken)
    {
        var wanted = Encoding.UTF8.GetBytes(state);
        foreach (var authenticator in _accounts.All)
        {
            var status = await authenticator.GetStatusAsync(cancellationToken);
            if (status.Pending is { } pending && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(pending.RequestState), wanted))
            {
                return (authenticator, pending);
            }
        }

        return null;
    }

    private static string FirstLine(string text)
    {
        var end = text.AsSpan().IndexOfAny('\r', '\n');
        var line = end < 0 ? text : text[..end];
        return line.Length > 300 ? line[..300] : line;
    }
}
