using System.Text.Json;
using AckPoller.EntraStandIn.Protocol;
using AckPoller.EntraStandIn.Registration;
using AckPoller.Sandbox;

namespace AckPoller.EntraStandIn.Tokens;

/// <summary>Mints access tokens (RS256, typ JWT, the sandbox kid, no azp: Dovecot looks the key up under default/),
/// id tokens and client_info.</summary>
public sealed class TokenIssuer
{
    private readonly JwtMinter _minter;
    private readonly TokenSigning _signing;
    private readonly string _tenantId;
    private readonly TimeProvider _time;

    /// <summary>Entra ID dates iat/nbf 5 minutes back so a server whose clock lags a little still accepts a fresh token.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public TokenIssuer(TokenSigning signing, string tenantId, TimeProvider time)
    {
        _signing = signing;
        _tenantId = tenantId;
        _time = time;
        _minter = signing.CreateMinter(time);
    }

    /// <summary>A delegated token: the user's mailbox in the user name claim, permissions in scp.</summary>
    public string UserAccessToken(string clientId, string user, ScopeGrant grant, TimeSpan lifetime, string clientAuthentication)
    {
        var claims = BaseClaims(grant.Audience, lifetime);
        claims["upn"] = user;
        claims["unique_name"] = user;
        claims[_signing.UsernameClaim] = user;
        claims["name"] = user.Split('@')[0];
        claims["oid"] = SandboxIdentity.UserObjectId(user);
        claims["sub"] = SandboxIdentity.PairwiseSubject(clientId, user);
        claims["appid"] = clientId;
        claims["appidacr"] = clientAuthentication;
        claims["scp"] = string.Join(' ', grant.Permissions);
        claims["idtyp"] = "user";
        return _minter.Sign(claims);
    }

    /// <summary>An app-only token: the app's registered mailbox in the user name claim (standing in for Exchange's
    /// mailbox permission) and the app's roles.</summary>
    public string AppAccessToken(RegisteredApp app, ScopeGrant grant, TimeSpan lifetime, string clientAuthentication)
    {
        var claims = BaseClaims(grant.Audience, lifetime);
        var servicePrincipal = SandboxIdentity.ServicePrincipalId(app.ClientId);
        if (app.Registration.AppMailbox is { } mailbox)
        {
            claims[_signing.UsernameClaim] = mailbox;
        }

        claims["oid"] = servicePrincipal;
        claims["sub"] = servicePrincipal;
        claims["appid"] = app.ClientId;
        claims["appidacr"] = clientAuthentication;
        claims["roles"] = app.Registration.AppRoles.ToArray();
        claims["idtyp"] = "app";
        return _minter.Sign(claims);
    }

    /// <summary>The id token MSAL reads the account from (preferred_username, oid, tid).</summary>
    public string IdToken(string clientId, string user, string issuer, string? nonce)
    {
        var now = _time.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            ["aud"] = clientId,
            ["iss"] = issuer,
            ["iat"] = (now - ClockSkew).ToUnixTimeSeconds(),
            ["nbf"] = (now - ClockSkew).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            ["name"] = user.Split('@')[0],
            ["oid"] = SandboxIdentity.UserObjectId(user),
            ["preferred_username"] = user,
            ["sub"] = SandboxIdentity.PairwiseSubject(clientId, user),
            ["tid"] = _tenantId,
            ["ver"] = "2.0",
        };
        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }

        return _minter.Sign(claims);
    }

    /// <summary>base64url({"uid": oid, "utid": tenant}); MSAL keys the account (HomeAccountId) by it.</summary>
    public string ClientInfo(string user) =>
        Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["uid"] = SandboxIdentity.UserObjectId(user),
            ["utid"] = _tenantId,
        }));

    private Dictionary<string, object> BaseClaims(string audience, TimeSpan lifetime)
    {
        var now = _time.GetUtcNow();
        return new Dictionary<string, object>
        {
            ["aud"] = audience,
            ["iss"] = _signing.Issuer,
            ["iat"] = (now - ClockSkew).ToUnixTimeSeconds(),
            ["nbf"] = (now - ClockSkew).ToUnixTimeSeconds(),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["tid"] = _tenantId,
            ["uti"] = Base64Url.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
            ["ver"] = "1.0",
        };
    }
}
