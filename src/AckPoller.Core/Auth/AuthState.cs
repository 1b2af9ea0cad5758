namespace AckPoller.Core.Auth;

/// <summary>Whether an account can get tokens now, and if not, who must do what.</summary>
public enum AuthState
{
    /// <summary>No sign-in has happened yet (delegated), or the account was signed out.</summary>
    Unconfigured,

    /// <summary>Tokens are being obtained.</summary>
    Authorized,

    /// <summary>A person must sign in again (refresh token expired or revoked, MFA, consent): a sign-in URL or device code is waiting.</summary>
    ReauthRequired,

    /// <summary>The app's secret or certificate is wrong or expired: an admin must fix the configuration; signing in will not help.</summary>
    CredentialInvalid,

    /// <summary>Tokens are issued but the mail server refuses them: mailbox rights, service principal, or the protocol is disabled.</summary>
    MailboxAccessDenied,
}
