namespace AckPoller.Core.Auth.Errors;

public enum AuthFailureKind
{
    /// <summary>Network trouble, 5xx, 429, timeouts: retry later, the account's state does not change.</summary>
    Transient,

    /// <summary>A person must sign in again.</summary>
    ReauthRequired,

    /// <summary>The app's credential or registration is wrong: an admin must fix the configuration.</summary>
    CredentialInvalid,
}
