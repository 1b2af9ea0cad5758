namespace AckPoller.Core.Auth;

/// <summary>The persisted auth state of one account.</summary>
public sealed record AccountAuthStatus
{
    public required string Account { get; init; }

    public required AuthState State { get; init; }

    /// <summary>Plain-language reason and what to do, for admins.</summary>
    public string? Reason { get; init; }

    /// <summary>The AADSTS code (e.g. AADSTS700082) or another machine-readable cause (e.g. MailboxAccessDenied).</summary>
    public string? ErrorCode { get; init; }

    public SignInChallenge? Challenge { get; init; }

    public PendingAuthorization? Pending { get; init; }

    /// <summary>MSAL's HomeAccountId.Identifier of the signed-in user (delegated flows), used with GetAccountAsync.</summary>
    public string? HomeAccountId { get; init; }

    /// <summary>When a token was last obtained from the token endpoint (not from the cache) — drives the keep-alive.</summary>
    public DateTimeOffset? LastRefreshAt { get; init; }

    /// <summary>When the account entered <see cref="State"/>.</summary>
    public required DateTimeOffset Since { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public static AccountAuthStatus Initial(string account, DateTimeOffset now) =>
        new() { Account = account, State = AuthState.Unconfigured, Reason = "Not signed in yet.", Since = now, UpdatedAt = now };
}
