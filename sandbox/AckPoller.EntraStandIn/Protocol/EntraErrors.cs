namespace AckPoller.EntraStandIn.Protocol;

/// <summary>The Entra errors the stand-in answers with (codes and wording after Entra's AADSTS list).</summary>
public static class EntraErrors
{
    public static EntraError RefreshTokenInactive(DateTimeOffset issuedOn, TimeSpan inactiveFor) => new(400, "invalid_grant", 700082,
        $"The refresh token has expired due to inactivity. The token was issued on {issuedOn:yyyy-MM-ddTHH:mm:ss.fffffffZ} and was inactive for {inactiveFor:d\\.hh\\:mm\\:ss}.");

    public static EntraError GrantRevoked() => new(400, "invalid_grant", 50173,
        "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.");

    public static EntraError SecretExpired(string clientId) => new(401, "invalid_client", 7000222,
        $"The provided client secret keys for app '{clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.");

    public static EntraError WrongSecret(string clientId) => new(401, "invalid_client", 7000215,
        $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{clientId}'.");

    public static EntraError ServerError() => new(500, "server_error", 90033,
        "A transient error has occurred. Please try again.");

    public static EntraError Throttled(int retryAfterSeconds) => new(429, "temporarily_unavailable", 50196,
        "The server terminated an operation because it encountered a client request loop. Please contact your app vendor.")
    {
        RetryAfterSeconds = retryAfterSeconds,
    };

    public static EntraError UnknownClient(string? clientId, string tenant) => new(400, "unauthorized_client", 700016,
        $"Application with identifier '{clientId}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.");

    public static EntraError CredentialRequired() => new(401, "invalid_client", 7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");

    public static EntraError AssertionSignature(string detail) => new(401, "invalid_client", 700027,
        $"Client assertion failed signature validation. {detail}");

    public static EntraError AssertionInvalid(string detail) => new(401, "invalid_client", 50027,
        $"JWT token is invalid or is malformed. {detail}");

    public static EntraError AssertionExpired(string detail) => new(401, "invalid_client", 700024,
        $"Client assertion is not within its valid time range. {detail}");

    public static EntraError AssertionSubject() => new(401, "invalid_client", 700021,
        "Client assertion application identifier doesn't match 'client_id' parameter.");

    public static EntraError MissingParameter(string name) => new(400, "invalid_request", 900144,
        $"The request body must contain the following parameter: '{name}'.");

    public static EntraError UnsupportedGrantType(string? grantType) => new(400, "unsupported_grant_type", 70003,
        $"The app requested an unsupported grant type '{grantType}'.");

    public static EntraError InvalidGrant(string detail) => new(400, "invalid_grant", 70000,
        $"The provided value for the input parameter 'refresh_token' or 'assertion' is not valid. {detail}");

    public static EntraError CodeRedeemed() => new(400, "invalid_grant", 54005,
        "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.");

    public static EntraError CodeExpired() => new(400, "invalid_grant", 70008,
        "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.");

    public static EntraError RedirectMismatch() => new(400, "invalid_grant", 500112,
        "The reply address does not match the reply address provided when requesting Authorization code.");

    public static EntraError PkceMismatch() => new(400, "invalid_grant", 501481,
        "The Code_Verifier does not match the code_challenge supplied in the authorization request.");

    public static EntraError InvalidScope(string scope) => new(400, "invalid_scope", 70011,
        $"The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid.");

    public static EntraError MultipleResources(string scope) => new(400, "invalid_scope", 28000,
        $"Provided value for the input parameter scope is not valid because it contains more than one resource. Scope {scope} is not valid.");

    public static EntraError ClientCredentialScope(string scope) => new(400, "invalid_scope", 1002012,
        $"The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");

    public static EntraError UnknownResource(string resource) => new(400, "invalid_resource", 500011,
        $"The resource principal named {resource} was not found in the tenant named AckPoller Sandbox. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.");

    public static EntraError AuthorizationPending() => new(400, "authorization_pending", 70016,
        "OAuth 2.0 device flow error. Authorization is pending. Continue polling.");

    public static EntraError SlowDown() => new(400, "slow_down", 70016,
        "OAuth 2.0 device flow error. The client is polling too fast: slow down.");

    public static EntraError DeviceCodeExpired() => new(400, "expired_token", 70020,
        "The provided value for the input parameter 'device_code' is not valid. Device codes are valid for 15 minutes.");

    public static EntraError DeviceCodeDeclined() => new(400, "authorization_declined", 70019,
        "The user declined the device code sign-in request.");

    public static EntraError BadDeviceCode() => new(400, "invalid_grant", 70019,
        "The provided value for the input parameter 'device_code' is not valid. Verification code is unknown or has already been used.");

    public static EntraError PublicClientRedemption() => new(400, "invalid_client", 7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'. (The app is not configured to allow public client flows.)");

    public static EntraError UnknownTenant(string tenant) => new(400, "invalid_request", 90002,
        $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
}
