namespace AckPoller.Mail.Sasl;

/// <summary>Picks and builds the SASL mechanism for a set of credentials and what the server offers.</summary>
public static class SaslMechanismFactory
{
    private static readonly string[] TokenPreference = ["XOAUTH2", "OAUTHBEARER"];
    private static readonly string[] PasswordPreference = ["PLAIN", "LOGIN"];

    /// <summary>Builds <paramref name="requested"/> if given (it must be offered), else the best offered mechanism
    /// for the credentials: XOAUTH2 then OAUTHBEARER for tokens, PLAIN then LOGIN for passwords.</summary>
    public static SaslMechanism Choose(IReadOnlyCollection<string> offered, MailCredentials credentials, string host, int port, string? requested = null)
    {
        ArgumentNullException.ThrowIfNull(offered);
        ArgumentNullException.ThrowIfNull(credentials);
        if (!string.IsNullOrEmpty(requested))
        {
            if (!offered.Contains(requested, StringComparer.OrdinalIgnoreCase))
            {
                throw new MailAuthenticationException(
                    $"The server does not offer {requested.ToUpperInvariant()}; it offers: {Describe(offered)}.")
                { Mechanism = requested.ToUpperInvariant() };
            }

            return Create(requested, credentials, host, port);
        }

        var preference = credentials.Kind == CredentialKind.AccessToken ? TokenPreference : PasswordPreference;
        var name = preference.FirstOrDefault(p => offered.Contains(p, StringComparer.OrdinalIgnoreCase))
            ?? throw new MailAuthenticationException(
                $"The server offers no mechanism for {(credentials.Kind == CredentialKind.AccessToken ? "OAuth tokens" : "passwords")}; it offers: {Describe(offered)}.");
        return Create(name, credentials, host, port);
    }

    /// <summary>Builds a mechanism by name.</summary>
    public static SaslMechanism Create(string name, MailCredentials credentials, string host, int port)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return name.ToUpperInvariant() switch
        {
            "XOAUTH2" => new XOAuth2Mechanism(credentials.UserName, credentials.Secret),
            "OAUTHBEARER" => new OAuthBearerMechanism(credentials.UserName, credentials.Secret, host, port),
            "PLAIN" => new PlainMechanism(credentials.UserName, credentials.Secret),
            "LOGIN" => new LoginMechanism(credentials.UserName, credentials.Secret),
            _ => throw new ArgumentException($"Unsupported SASL mechanism '{name}'. Supported: XOAUTH2, OAUTHBEARER, PLAIN, LOGIN.", nameof(name)),
        };
    }

    private static string Describe(IReadOnlyCollection<string> offered) => offered.Count == 0 ? "none" : string.Join(", ", offered);
}
