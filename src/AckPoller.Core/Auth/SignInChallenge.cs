namespace AckPoller.Core.Auth;

/// <summary>What a person must open to sign an account in again: an authorization URL, or a device code and its URL.</summary>
public sealed record SignInChallenge
{
    /// <summary>The sign-in page for the authorization-code flow (PKCE and state included).</summary>
    public Uri? AuthorizationUrl { get; init; }

    /// <summary>The code to type at <see cref="VerificationUrl"/> for the device-code flow.</summary>
    public string? UserCode { get; init; }

    public Uri? VerificationUrl { get; init; }

    /// <summary>When a device code stops working; null when the challenge does not expire by itself.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public bool IsDeviceCode => UserCode is not null;

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expires && expires <= now;

    public override string ToString() => IsDeviceCode
        ? $"enter code {UserCode} at {VerificationUrl}"
        : $"open {AuthorizationUrl}";
}
