namespace AckPoller.Mail.Sasl;

public enum CredentialKind
{
    /// <summary>An OAuth 2.0 bearer access token (XOAUTH2, OAUTHBEARER).</summary>
    AccessToken,

    /// <summary>A password (PLAIN, LOGIN).</summary>
    Password,
}
