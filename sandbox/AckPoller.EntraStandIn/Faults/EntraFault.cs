namespace AckPoller.EntraStandIn.Faults;

/// <summary>Failures the token endpoint can be told to answer with, shaped like Entra's.</summary>
public enum EntraFault
{
    /// <summary>400 invalid_grant AADSTS700082: the refresh token expired after inactivity.</summary>
    RefreshTokenExpired,

    /// <summary>400 invalid_grant AADSTS50173: the grant was revoked (password changed or reset).</summary>
    GrantRevoked,

    /// <summary>401 invalid_client AADSTS7000222: the client secret has expired.</summary>
    ClientSecretExpired,

    /// <summary>401 invalid_client AADSTS7000215: wrong client secret.</summary>
    InvalidClientSecret,

    /// <summary>500 with an Entra-shaped server_error body (AADSTS90033). MSAL retries a 5xx once.</summary>
    ServerError,

    /// <summary>429 with a Retry-After header (AADSTS50196). MSAL does not retry it.</summary>
    Throttled,
}
