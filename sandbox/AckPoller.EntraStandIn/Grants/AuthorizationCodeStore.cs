using System.Collections.Concurrent;
using AckPoller.EntraStandIn.Protocol;

namespace AckPoller.EntraStandIn.Grants;

/// <summary>Issued authorization codes: single use, short-lived. Redeemed codes are remembered until they would
/// have expired, to answer a second redemption with AADSTS54005 as Entra does.</summary>
public sealed class AuthorizationCodeStore(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _redeemed = new(StringComparer.Ordinal);

    public string Issue(AuthorizationCode grant)
    {
        Prune();
        var code = OpaqueValue.New("1.AckSandboxCode.", 48);
        _codes[code] = grant;
        return code;
    }

    public AuthorizationCode? Peek(string? code) => code is not null && _codes.TryGetValue(code, out var grant) ? grant : null;

    public (AuthorizationCode? Grant, EntraError? Error) Redeem(string code)
    {
        if (!_codes.TryRemove(code, out var grant))
        {
            return (null, _redeemed.ContainsKey(code) ? EntraErrors.CodeRedeemed() : EntraErrors.InvalidGrant("The authorization code is unknown."));
        }

        _redeemed[code] = grant.ExpiresAt;
        return grant.ExpiresAt <= time.GetUtcNow() ? (null, EntraErrors.CodeExpired()) : (grant, null);
    }

    private void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var (code, grant) in _codes)
        {
            if (grant.ExpiresAt <= now)
            {
                _codes.TryRemove(code, out _);
            }
        }

        foreach (var (code, expiresAt) in _redeemed)
        {
            if (expiresAt <= now)
            {
                _redeemed.TryRemove(code, out _);
            }
        }
    }
}
