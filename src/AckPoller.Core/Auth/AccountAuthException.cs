namespace AckPoller.Core.Auth;

/// <summary>No credentials for an account right now. <see cref="IsTransient"/>: try again later, nothing to do;
/// otherwise <see cref="State"/> says who must act (sign in, fix configuration, fix mailbox rights).</summary>
public sealed class AccountAuthException : Exception
{
    public AccountAuthException(string account, AuthState? state, string? errorCode, string reason, Exception? innerException = null)
        : base($"Account {account}: {reason}", innerException)
    {
        Account = account;
        State = state;
        ErrorCode = errorCode;
        Reason = reason;
    }

    public string Account { get; }

    /// <summary>The state the account is now in; null for a transient failure (state unchanged).</summary>
    public AuthState? State { get; }

    public string? ErrorCode { get; }

    public string Reason { get; }

    public bool IsTransient => State is null;
}
