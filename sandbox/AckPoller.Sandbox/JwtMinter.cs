using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AckPoller.Sandbox;

/// <summary>Mints RS256 JWT access tokens of the shape Dovecot's oauth2 passdb validates locally:
/// header typ "JWT" with a kid, claims iss, the user name claim, iat, nbf, exp.</summary>
public sealed class JwtMinter : IDisposable
{
    private readonly RSA _key;
    private readonly string _keyId;
    private readonly string _issuer;
    private readonly string _usernameClaim;
    private readonly TimeProvider _time;

    public JwtMinter(RSA key, string keyId, string issuer, string usernameClaim, TimeProvider? time = null)
    {
        _key = key;
        _keyId = keyId;
        _issuer = issuer;
        _usernameClaim = usernameClaim;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>A minter with the key the sandbox Dovecot trusts.</summary>
    public static JwtMinter Trusted(SandboxSettings settings) => FromKeyFile(settings, settings.Jwt.SigningKeyFile);

    /// <summary>A minter with the same kid and issuer but a key Dovecot does not trust.</summary>
    public static JwtMinter Untrusted(SandboxSettings settings) => FromKeyFile(settings, settings.Jwt.UntrustedKeyFile);

    /// <summary>Mints a token for <paramref name="user"/>. A negative lifetime gives an expired token.</summary>
    public string Mint(string user, TimeSpan? lifetime = null, IReadOnlyDictionary<string, object>? extraClaims = null)
    {
        var now = _time.GetUtcNow();
        var validFor = lifetime ?? TimeSpan.FromHours(1);
        // Like Entra ID, iat/nbf lie 5 minutes back: Dovecot compares nbf with its event loop's cached clock, which can
        // still show the previous second when a token minted just after a second boundary arrives ("Token is not valid yet").
        var issuedAt = validFor < TimeSpan.Zero ? now + validFor - TimeSpan.FromMinutes(5) : now - TimeSpan.FromMinutes(5);
        var claims = new Dictionary<string, object>
        {
            ["iss"] = _issuer,
            // Dovecot 2.3 refuses a token without "sub" even when another claim names the user.
            ["sub"] = user,
            [_usernameClaim] = user,
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["nbf"] = issuedAt.ToUnixTimeSeconds(),
            ["exp"] = (now + validFor).ToUnixTimeSeconds(),
            ["scp"] = "IMAP.AccessAsUser.All POP.AccessAsUser.All SMTP.Send",
        };
        if (extraClaims is not null)
        {
            foreach (var (name, value) in extraClaims)
            {
                claims[name] = value;
            }
        }

        return Sign(claims);
    }

    /// <summary>Signs arbitrary claims with this minter's key and kid.</summary>
    public string Sign(IReadOnlyDictionary<string, object> claims)
    {
        var header = new Dictionary<string, object> { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = _keyId };
        var signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    public void Dispose() => _key.Dispose();

    private static JwtMinter FromKeyFile(SandboxSettings settings, string keyFile)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(keyFile));
        return new JwtMinter(rsa, settings.Jwt.KeyId, settings.Jwt.Issuer, settings.Jwt.UsernameClaim);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
