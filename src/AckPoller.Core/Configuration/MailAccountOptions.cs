namespace AckPoller.Core.Configuration;

/// <summary>One monitored mailbox: section "Accounts:N". Secrets are named by environment variable or file, never written here.</summary>
public sealed class MailAccountOptions
{
    /// <summary>Short unique name used in logs, the CLI and the store (letters, digits, '.', '_', '-').</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The mailbox address replies arrive in.</summary>
    public string Mailbox { get; set; } = string.Empty;

    /// <summary>The login name when it differs from <see cref="Mailbox"/>.</summary>
    public string? UserName { get; set; }

    public MailProtocol Protocol { get; set; } = MailProtocol.Imap;

    /// <summary>imaps://host:993, imap://host:143 (STARTTLS), pop3s://host:995, pop3://host:110 (STLS).</summary>
    public string IncomingServer { get; set; } = string.Empty;

    /// <summary>smtp://host:587 (STARTTLS) or smtps://host:465; empty when this account does not send.</summary>
    public string? SmtpServer { get; set; }

    public AccountAuthKind AuthKind { get; set; } = AccountAuthKind.DelegatedAuthorizationCode;

    public string? TenantId { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Defaults to https://login.microsoftonline.com/{TenantId}; "{tenant}" in the value is replaced by the tenant id.</summary>
    public string? Authority { get; set; }

    /// <summary>Only accepted from the environment (ACKPOLLER__ACCOUNTS__N__CLIENTSECRET); refused in a file.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Name of the environment variable holding the client secret value.</summary>
    public string? ClientSecretEnv { get; set; }

    /// <summary>A file whose content (trimmed) is the client secret value, e.g. a Docker/Kubernetes secret.</summary>
    public string? ClientSecretFile { get; set; }

    /// <summary>When the client secret expires (from the portal), to warn ahead of time.</summary>
    public DateTimeOffset? ClientSecretExpiresOn { get; set; }

    /// <summary>A PFX (.pfx/.p12) or PEM certificate for the confidential client.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>The PEM private key when it is not inside <see cref="CertificateFile"/>.</summary>
    public string? CertificateKeyFile { get; set; }

    /// <summary>Only accepted from the environment; refused in a file.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Name of the environment variable holding the PFX or encrypted PEM key password.</summary>
    public string? CertificatePasswordEnv { get; set; }

    /// <summary>For the authorization-code flow: AckPoller's own /oauth/callback URL, registered on the app.</summary>
    public string? RedirectUri { get; set; }

    /// <summary>Only accepted from the environment; refused in a file.</summary>
    public string? Password { get; set; }

    public string? PasswordEnv { get; set; }

    public string? PasswordFile { get; set; }

    /// <summary>Only accepted from the environment; refused in a file (AuthKind AccessToken).</summary>
    public string? AccessToken { get; set; }

    /// <summary>Name of the environment variable holding the bearer token (AuthKind AccessToken).</summary>
    public string? AccessTokenEnv { get; set; }

    /// <summary>A file whose content (trimmed) is the bearer token, read again for every connection so it can be refreshed
    /// from outside (AuthKind AccessToken).</summary>
    public string? AccessTokenFile { get; set; }

    public AccountProcessingOptions Processing { get; set; } = new();

    public AccountPollingOptions Polling { get; set; } = new();

    public string LoginName => string.IsNullOrWhiteSpace(UserName) ? Mailbox : UserName;

    public bool IsDelegated => AuthKind is AccountAuthKind.DelegatedAuthorizationCode or AccountAuthKind.DelegatedDeviceCode;

    public bool UsesMsal => AuthKind is not (AccountAuthKind.Password or AccountAuthKind.AccessToken);

    /// <summary>Where an AccessToken account's token is read from, for messages (never the token itself).</summary>
    public string AccessTokenSource =>
        !string.IsNullOrWhiteSpace(AccessTokenEnv) ? $"environment variable {AccessTokenEnv}"
        : !string.IsNullOrWhiteSpace(AccessTokenFile) ? $"file {AccessTokenFile}"
        : "the environment";

    public string ResolvedAuthority =>
        string.IsNullOrWhiteSpace(Authority)
            ? $"https://login.microsoftonline.com/{TenantId}"
            : Authority.Replace("{tenant}", TenantId, StringComparison.OrdinalIgnoreCase);

    public bool HasSmtp => !string.IsNullOrWhiteSpace(SmtpServer);
}
