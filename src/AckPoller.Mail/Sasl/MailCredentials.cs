namespace AckPoller.Mail.Sasl;

/// <summary>A user name with either an OAuth access token or a password. ToString never shows the secret.</summary>
public sealed class MailCredentials
{
    private MailCredentials(string userName, string secret, CredentialKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        UserName = userName;
        Secret = secret;
        Kind = kind;
    }

    public string UserName { get; }

    /// <summary>The access token or password. Never log it.</summary>
    public string Secret { get; }

    public CredentialKind Kind { get; }

    public static MailCredentials FromAccessToken(string userName, string accessToken) => new(userName, accessToken, CredentialKind.AccessToken);

    public static MailCredentials FromPassword(string userName, string password) => new(userName, password, CredentialKind.Password);

    public override string ToString() => $"{UserName} ({Kind}, secret redacted)";
}
