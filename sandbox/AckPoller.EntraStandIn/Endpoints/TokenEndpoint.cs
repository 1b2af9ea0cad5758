using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AckPoller.EntraStandIn.Faults;
using AckPoller.EntraStandIn.Grants;
using AckPoller.EntraStandIn.Hosting;
using AckPoller.EntraStandIn.Protocol;
using AckPoller.EntraStandIn.Registration;
using AckPoller.EntraStandIn.Tokens;

namespace AckPoller.EntraStandIn.Endpoints;

/// <summary>POST /{tenant}/oauth2/v2.0/token: authorization_code (+PKCE), refresh_token (rotating), client_credentials
/// (secret or certificate assertion) and device_code grants. Armed faults answer before anything else is checked.</summary>
internal static class TokenEndpoint
{
    public const string DeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";

    /// <summary>The short name MSAL.NET sends (Entra accepts both).</summary>
    public const string DeviceCodeGrantShort = "device_code";

    public static async Task HandleAsync(HttpContext context, string tenant, StandInState state)
    {
        var now = state.Time.GetUtcNow();
        if (!state.IsKnownTenant(tenant))
        {
            await OAuthResponses.WriteErrorAsync(context, EntraErrors.UnknownTenant(tenant), now);
            return;
        }

        if (!context.Request.HasFormContentType)
        {
            await OAuthResponses.WriteErrorAsync(context, EntraErrors.MissingParameter("grant_type"), now);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        string? clientId = form["client_id"];
        string? grantType = form["grant_type"];
        if (string.IsNullOrEmpty(clientId))
        {
            await OAuthResponses.WriteErrorAsync(context, EntraErrors.MissingParameter("client_id"), now);
            return;
        }

        if (state.Registry.FindApp(clientId) is not { } app)
        {
            await OAuthResponses.WriteErrorAsync(context, EntraErrors.UnknownClient(clientId, tenant), now);
            return;
        }

        if (state.Faults.TryFire(clientId, UserOf(state, app, grantType, form)) is { } fault)
        {
            await OAuthResponses.WriteErrorAsync(context, FaultErrors.ToError(fault, clientId, now), now);
            return;
        }

        var userGrant = grantType is "authorization_code" or "refresh_token" or DeviceCodeGrant or DeviceCodeGrantShort;
        var (acr, authError) = ClientAuthenticator.Authenticate(form, app, userGrant, audience => IsOwnAudience(context, state, audience), now);
        if (authError is not null)
        {
            await OAuthResponses.WriteErrorAsync(context, authError, now);
            return;
        }

        var (body, error) = grantType switch
        {
            "authorization_code" => RedeemCode(context, state, app, form, acr!),
            "refresh_token" => RedeemRefreshToken(context, state, app, form, acr!),
            DeviceCodeGrant or DeviceCodeGrantShort => RedeemDeviceCode(context, state, app, form, acr!),
            "client_credentials" => ClientCredentials(state, app, form, acr!),
            null or "" => (null, EntraErrors.MissingParameter("grant_type")),
            _ => (null, EntraErrors.UnsupportedGrantType(grantType)),
        };
        if (error is not null)
        {
            await OAuthResponses.WriteErrorAsync(context, error, now);
            return;
        }

        await OAuthResponses.WriteJsonAsync(context, 200, body!);
    }

    /// <summary>The user a request is for, without using up its grant: for fault rules aimed at one user.</summary>
    private static string? UserOf(StandInState state, RegisteredApp app, string? grantType, IFormCollection form) => grantType switch
    {
        "authorization_code" => state.Codes.Peek(form["code"])?.User,
        "refresh_token" => state.RefreshTokens.Peek(form["refresh_token"])?.User,
        DeviceCodeGrant or DeviceCodeGrantShort => state.DeviceCodes.Peek(form["device_code"])?.User,
        "client_credentials" => app.Registration.AppMailbox,
        _ => null,
    };

    private static (JsonObject? Body, EntraError? Error) RedeemCode(HttpContext context, StandInState state, RegisteredApp app, IFormCollection form, string acr)
    {
        if (string.IsNullOrEmpty(form["code"]))
        {
            return (null, EntraErrors.MissingParameter("code"));
        }

        var (grant, error) = state.Codes.Redeem(form["code"]!);
        if (grant is null)
        {
            return (null, error);
        }

        if (!string.Equals(grant.ClientId, app.ClientId, StringComparison.OrdinalIgnoreCase))
        {
            return (null, EntraErrors.InvalidGrant("The authorization code was issued to a different client."));
        }

        if (!string.Equals(form["redirect_uri"], grant.RedirectUri, StringComparison.Ordinal))
        {
            return (null, EntraErrors.RedirectMismatch());
        }

        if (grant.CodeChallenge is not null && !PkceMatches(grant, form["code_verifier"]))
        {
            return (null, EntraErrors.PkceMismatch());
        }

        var scope = string.IsNullOrEmpty(form["scope"]) ? grant.Scope : (string?)form["scope"];
        var issuedAt = state.Time.GetUtcNow();
        return UserTokens(context, state, app, form, "authorization_code", grant.User, scope, acr, issuedAt, redeemed: null, grant.Nonce);
    }

    private static (JsonObject? Body, EntraError? Error) RedeemRefreshToken(HttpContext context, StandInState state, RegisteredApp app, IFormCollection form, string acr)
    {
        string? token = form["refresh_token"];
        if (string.IsNullOrEmpty(token))
        {
            return (null, EntraErrors.MissingParameter("refresh_token"));
        }

        var (grant, error) = state.RefreshTokens.Redeem(token, app.ClientId);
        return grant is null
            ? (null, error)
            : UserTokens(context, state, app, form, "refresh_token", grant.User, form["scope"], acr, grant.IssuedAt, redeemed: token, nonce: null);
    }

    private static (JsonObject? Body, EntraError? Error) RedeemDeviceCode(HttpContext context, StandInState state, RegisteredApp app, IFormCollection form, string acr)
    {
        string? deviceCode = form["device_code"];
        if (string.IsNullOrEmpty(deviceCode))
        {
            return (null, EntraErrors.MissingParameter("device_code"));
        }

        var (approved, error) = state.DeviceCodes.Poll(deviceCode, app.ClientId);
        return approved is null
            ? (null, error)
            : UserTokens(context, state, app, form, DeviceCodeGrantShort, approved.User!, approved.Scope, acr, state.Time.GetUtcNow(), redeemed: null, nonce: null);
    }

    private static (JsonObject? Body, EntraError? Error) ClientCredentials(StandInState state, RegisteredApp app, IFormCollection form, string acr)
    {
        if (acr == "0")
        {
            return (null, EntraErrors.CredentialRequired());
        }

        var (scopes, error) = ScopeParser.ParseAppOnly(form["scope"]);
        if (scopes is null)
        {
            return (null, error);
        }

        var lifetime = state.AccessTokenLifetime(app, user: null);
        var accessToken = state.Issuer.AppAccessToken(app, scopes, lifetime, acr);
        var expiresIn = (int)lifetime.TotalSeconds;
        state.Record(new TokenIssuance("client_credentials", app.ClientId, app.Registration.AppMailbox, accessToken, null, null, expiresIn, state.Time.GetUtcNow()));
        return (new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = expiresIn,
            ["ext_expires_in"] = expiresIn,
            ["access_token"] = accessToken,
        }, null);
    }

    /// <summary>The answer to every user grant: access token, rotated refresh token (with offline_access), id token
    /// (with openid) and client_info (when asked for, as MSAL always does) with the same uid/utid every time.</summary>
    private static (JsonObject? Body, EntraError? Error) UserTokens(
        HttpContext context, StandInState state, RegisteredApp app, IFormCollection form, string grantType, string user, string? scope,
        string acr, DateTimeOffset signedInAt, string? redeemed, string? nonce)
    {
        var (scopes, error) = ScopeParser.ParseDelegated(scope);
        if (scopes is null)
        {
            return (null, error);
        }

        var now = state.Time.GetUtcNow();
        var lifetime = state.AccessTokenLifetime(app, user);
        var expiresIn = (int)lifetime.TotalSeconds;
        var accessToken = state.Issuer.UserAccessToken(app.ClientId, user, scopes, lifetime, acr);
        var body = new JsonObject
        {
            ["token_type"] = "Bearer",
            ["scope"] = scopes.Requested.Count > 0 ? scopes.ResponseScope : "https://graph.microsoft.com/User.Read",
            ["expires_in"] = expiresIn,
            ["ext_expires_in"] = expiresIn,
            ["access_token"] = accessToken,
        };
        string? refreshToken = null;
        if (scopes.OfflineAccess)
        {
            refreshToken = state.RefreshTokens.Issue(new RefreshGrant(app.ClientId, user, signedInAt, now));
            body["refresh_token"] = refreshToken;
        }

        if (scopes.OpenId)
        {
            body["id_token"] = state.Issuer.IdToken(app.ClientId, user, $"{context.Request.Scheme}://{context.Request.Host}/{state.Options.TenantId}/v2.0", nonce);
        }

        if (form["client_info"] == "1")
        {
            body["client_info"] = state.Issuer.ClientInfo(user);
        }

        state.Record(new TokenIssuance(grantType, app.ClientId, user, accessToken, redeemed, refreshToken, expiresIn, now));
        return (body, null);
    }

    private static bool PkceMatches(AuthorizationCode grant, string? verifier)
    {
        if (string.IsNullOrEmpty(verifier))
        {
            return false;
        }

        var expected = grant.CodeChallengeMethod?.Equals("plain", StringComparison.OrdinalIgnoreCase) == true
            ? verifier
            : Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(grant.CodeChallenge!));
    }

    /// <summary>A client assertion's aud: this token endpoint or the tenant's v2.0 issuer, on this host or Entra's.</summary>
    private static bool IsOwnAudience(HttpContext context, StandInState state, string audience)
    {
        if (!Uri.TryCreate(audience, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var hostMatches = uri.Authority.Equals(context.Request.Host.Value, StringComparison.OrdinalIgnoreCase) ||
            uri.Host.Equals("login.microsoftonline.com", StringComparison.OrdinalIgnoreCase);
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        return hostMatches && segments.Length >= 2 && state.IsKnownTenant(segments[0]) &&
            (string.Join('/', segments[1..]) is "oauth2/v2.0/token" or "v2.0" or "oauth2/token");
    }
}
