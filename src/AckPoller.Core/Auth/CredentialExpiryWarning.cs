namespace AckPoller.Core.Auth;

/// <summary>An app credential that expires soon (or has expired).</summary>
public sealed record CredentialExpiryWarning(string Account, string Credential, DateTimeOffset ExpiresAt, int DaysLeft)
{
    public bool HasExpired => DaysLeft < 0;

    public string Message => HasExpired
        ? $"Account {Account}: the {Credential} expired on {ExpiresAt:yyyy-MM-dd}. Create a new one on the app registration and update the configuration."
        : $"Account {Account}: the {Credential} expires on {ExpiresAt:yyyy-MM-dd} ({DaysLeft} days). Create a new one on the app registration and update the configuration before then.";
}
