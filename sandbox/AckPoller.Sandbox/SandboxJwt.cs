using System.Text.Json.Serialization;

namespace AckPoller.Sandbox;

/// <summary>How the sandbox's Dovecot validates bearer tokens, and where the signing keys are.</summary>
public sealed record SandboxJwt
{
    /// <summary>The issuer Dovecot accepts.</summary>
    [JsonPropertyName("issuer")]
    public string Issuer { get; init; } = string.Empty;

    /// <summary>The key id in the token header; Dovecot looks the key up by it.</summary>
    [JsonPropertyName("kid")]
    public string KeyId { get; init; } = string.Empty;

    /// <summary>The claim that must equal the SASL user name.</summary>
    [JsonPropertyName("usernameClaim")]
    public string UsernameClaim { get; init; } = "upn";

    /// <summary>PKCS#8 PEM private key whose public half Dovecot trusts.</summary>
    [JsonPropertyName("signingKeyFile")]
    public string SigningKeyFile { get; init; } = string.Empty;

    /// <summary>PKCS#8 PEM private key Dovecot does not trust (for negative tests).</summary>
    [JsonPropertyName("untrustedKeyFile")]
    public string UntrustedKeyFile { get; init; } = string.Empty;
}
