using System.Security.Cryptography;
using AckPoller.Sandbox;

namespace AckPoller.EntraStandIn.Tokens;

/// <summary>The key and claims conventions access tokens are minted with: the sandbox's (so Dovecot/Postfix accept
/// them) or an ephemeral key for tests that never reach a mail server.</summary>
public sealed record TokenSigning(RSA Key, string KeyId, string Issuer, string UsernameClaim)
{
    /// <summary>The key, kid, issuer and user name claim of sandbox.json: tokens the sandbox mail servers accept.</summary>
    public static TokenSigning FromSandbox(SandboxSettings settings)
    {
        var key = RSA.Create();
        key.ImportFromPem(File.ReadAllText(settings.Jwt.SigningKeyFile));
        return new TokenSigning(key, settings.Jwt.KeyId, settings.Jwt.Issuer, settings.Jwt.UsernameClaim);
    }

    /// <summary>A fresh key no mail server trusts.</summary>
    public static TokenSigning Ephemeral() =>
        new(RSA.Create(2048), "entra-standin-ephemeral", "https://sts.sandbox.test/", "upn");

    public JwtMinter CreateMinter(TimeProvider time) => new(Key, KeyId, Issuer, UsernameClaim, time);
}
