using System.Collections.Concurrent;
using AckPoller.EntraStandIn.Protocol;

namespace AckPoller.EntraStandIn.Grants;

/// <summary>Refresh tokens with rotation: redeeming one invalidates it, and the answer carries its successor.
/// A token unused for longer than the inactivity limit is refused with AADSTS700082.</summary>
public sealed class RefreshTokenStore(TimeProvider time, TimeSpan maxInactive)
{
    private readonly ConcurrentDictionary<string, RefreshGrant> _tokens = new(StringComparer.Ordinal);

    public string Issue(RefreshGrant grant)
    {
        var token = OpaqueValue.New("1.AckSandboxRefresh.", 64);
        _tokens[token] = grant;
        return token;
    }

    public RefreshGrant? Peek(string? token) => token is not null && _tokens.TryGetValue(token, out var grant) ? grant : null;

    public bool IsValid(string token) => _tokens.ContainsKey(token);

    /// <summary>Takes the token out (it can never be used again) and returns what it stood for.</summary>
    public (RefreshGrant? Grant, EntraError? Error) Redeem(string token, string clientId)
    {
        if (!_tokens.TryGetValue(token, out var grant))
        {
            return (null, EntraErrors.InvalidGrant("The refresh token is unknown, or was already redeemed and rotated."));
        }

        if (!string.Equals(grant.ClientId, clientId, StringComparison.OrdinalIgnoreCase))
        {
            return (null, EntraErrors.InvalidGrant("The refresh token was issued to a different client."));
        }

        if (!_tokens.TryRemove(token, out _))
        {
            return (null, EntraErrors.InvalidGrant("The refresh token was already redeemed and rotated."));
        }

        var inactive = time.GetUtcNow() - grant.LastUsedAt;
        return inactive > maxInactive ? (null, EntraErrors.RefreshTokenInactive(grant.IssuedAt, inactive)) : (grant, null);
    }
}
