using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;

namespace AckPoller.Core.Accounts;

/// <summary>One configured account as admins see it: its auth state (with the sign-in to do when it needs one), what the
/// worker last did with it, and the outbox waiting on it.</summary>
public sealed record AccountStatus
{
    public required string Name { get; init; }

    public required string Mailbox { get; init; }

    public required MailProtocol Protocol { get; init; }

    public required AccountAuthKind AuthKind { get; init; }

    public required AuthState AuthState { get; init; }

    public string? AuthReason { get; init; }

    public string? AuthErrorCode { get; init; }

    /// <summary>When the account entered <see cref="AuthState"/>.</summary>
    public required DateTimeOffset AuthSince { get; init; }

    /// <summary>The sign-in a person must do, while the account needs one.</summary>
    public SignInChallenge? SignIn { get; init; }

    /// <summary>True when polling is paused until someone signs in or fixes the credential (never for password accounts;
    /// for an access-token account only once its token is missing or refused: nobody signs it in).</summary>
    public bool NeedsAttention => AuthKind switch
    {
        AccountAuthKind.Password => false,
        AccountAuthKind.AccessToken => AuthState is AuthState.CredentialInvalid or AuthState.MailboxAccessDenied,
        _ => AuthState is AuthState.ReauthRequired or AuthState.CredentialInvalid or AuthState.MailboxAccessDenied or AuthState.Unconfigured,
    };

    /// <summary>IMAP IDLE is configured for the account (Polling:Idle and the IMAP protocol).</summary>
    public bool IdleEnabled { get; init; }

    public AccountActivity? Activity { get; init; }

    /// <summary>Mail waiting in the outbox for this account to send (the alerts' sender account; 0 for the others).</summary>
    public int PendingOutbox { get; init; }
}
