using AckPoller.Core.Configuration;
using AckPoller.Mail.Sasl;

namespace AckPoller.Core.Auth;

/// <summary>Mail credentials for one account, and the feedback the mail side gives about them.</summary>
public interface IAccountCredentials
{
    MailAccountOptions Options { get; }

    /// <summary>A token (or password) for this account. <paramref name="forceRefresh"/> skips cached access tokens.
    /// Throws <see cref="AccountAuthException"/> when none can be had; the account's state is updated first.</summary>
    Task<MailCredentials> GetCredentialsAsync(bool forceRefresh, CancellationToken cancellationToken);

    /// <summary>The mail server accepted the credentials: clears a previous MailboxAccessDenied.</summary>
    Task RecordMailboxAccessGrantedAsync(CancellationToken cancellationToken);

    /// <summary>The mail server refused credentials the token endpoint issued.</summary>
    Task RecordMailAuthenticationRejectedAsync(AuthState state, string errorCode, string reason, CancellationToken cancellationToken);
}
