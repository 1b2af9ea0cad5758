using AckPoller.Core.Configuration;
using AckPoller.Mail;
using AckPoller.Mail.Sasl;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Auth;

/// <summary>Runs a connect-and-authenticate step with an account's credentials. When the server refuses a token MSAL
/// considered valid, the token is refreshed from the endpoint and the step retried once; a second refusal records
/// MailboxAccessDenied (or CredentialInvalid for a password) with the hint that fits, and throws.</summary>
public sealed class AuthenticatedMailSession
{
    private readonly IAccountCredentials _credentials;
    private readonly ILogger _logger;

    public AuthenticatedMailSession(IAccountCredentials credentials, ILogger logger)
    {
        _credentials = credentials;
        _logger = logger;
    }

    /// <param name="connectAndAuthenticate">Connects and authenticates with the given credentials; on success returns
    /// the connected client. It must dispose whatever it opened when it throws.</param>
    public async Task<T> RunAsync<T>(Func<MailCredentials, CancellationToken, Task<T>> connectAndAuthenticate, CancellationToken cancellationToken)
    {
        var account = _credentials.Options;
        var credentials = await _credentials.GetCredentialsAsync(forceRefresh: false, cancellationToken);
        MailAuthenticationException rejection;
        try
        {
            return await SucceededAsync(await connectAndAuthenticate(credentials, cancellationToken), cancellationToken);
        }
        catch (MailAuthenticationException ex) when (credentials.Kind == CredentialKind.AccessToken)
        {
            AuthLog.MailServerRefusedTokenRefreshing(_logger, account.Name, ex.ServerResponse);
        }
        catch (MailAuthenticationException ex)
        {
            rejection = ex;
            throw await RejectedAsync(account, rejection, cancellationToken);
        }

        credentials = await _credentials.GetCredentialsAsync(forceRefresh: true, cancellationToken);
        try
        {
            return await SucceededAsync(await connectAndAuthenticate(credentials, cancellationToken), cancellationToken);
        }
        catch (MailAuthenticationException ex)
        {
            rejection = ex;
        }

        throw await RejectedAsync(account, rejection, cancellationToken);
    }

    private async Task<T> SucceededAsync<T>(T result, CancellationToken cancellationToken)
    {
        await _credentials.RecordMailboxAccessGrantedAsync(cancellationToken);
        return result;
    }

    private async Task<AccountAuthException> RejectedAsync(MailAccountOptions account, MailAuthenticationException rejection, CancellationToken cancellationToken)
    {
        var hint = MailboxAccessHints.For(rejection, account);
        var basicAuthDisabled = rejection.ServerResponse?.Contains("5.7.139", StringComparison.Ordinal) == true;
        var state = account.AuthKind == AccountAuthKind.Password && !basicAuthDisabled ? AuthState.CredentialInvalid : AuthState.MailboxAccessDenied;
        var code = state == AuthState.CredentialInvalid ? "PasswordRejected" : MailboxAccessHints.ErrorCode;
        await _credentials.RecordMailAuthenticationRejectedAsync(state, code, hint, cancellationToken);
        return new AccountAuthException(account.Name, state, code, hint, rejection);
    }
}
