namespace AckPoller.Core.Configuration;

/// <summary>How an account gets its mail credentials.</summary>
public enum AccountAuthKind
{
    /// <summary>Delegated: a user signs in through the browser; confidential client (secret or certificate), PKCE, state.</summary>
    DelegatedAuthorizationCode,

    /// <summary>Delegated: a user signs in by typing a code on another device; public client, for headless servers.</summary>
    DelegatedDeviceCode,

    /// <summary>App-only: the app's own secret or certificate (IMAP.AccessAsApp, POP.AccessAsApp, SMTP.SendAsApp).</summary>
    ClientCredentials,

    /// <summary>Basic auth with a password from the environment or a file, for a backup or non-Microsoft server.</summary>
    Password,

    /// <summary>A bearer token written by something else (a sidecar, a cron job, a vault agent) to an environment variable
    /// or a file, read again for every connection and sent with XOAUTH2/OAUTHBEARER; no MSAL.</summary>
    AccessToken,
}
