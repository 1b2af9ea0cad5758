using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using AckPoller.EntraStandIn.Protocol;
using AckPoller.EntraStandIn.Registration;
using AckPoller.EntraStandIn.Tokens;

namespace AckPoller.EntraStandIn.Endpoints;

/// <summary>Checks a certificate client assertion (RFC 7523): signed (RS256 or PS256) by a certificate registered on the
/// app (found by x5t / x5t#S256, else tried in turn), iss = sub = client_id, aud = this token endpoint, in its time range.</summary>
internal static class ClientAssertionValidator
{
    private const int MaxAssertionLength = 16 * 1024;
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static EntraError? Validate(string assertion, RegisteredApp app, Func<string, bool> isOwnAudience, DateTimeOffset now)
    {
        var parts = assertion.Length <= MaxAssertionLength ? assertion.Split('.') : [];
        if (parts.Length != 3)
        {
            return EntraErrors.AssertionInvalid("The client assertion is not a compact JWS.");
        }

        var headerBytes = Base64Url.TryDecode(parts[0]);
        var payloadBytes = Base64Url.TryDecode(parts[1]);
        var signature = Base64Url.TryDecode(parts[2]);
        if (headerBytes is null || payloadBytes is null || signature is null)
        {
            return EntraErrors.AssertionInvalid("The client assertion is not base64url.");
        }

        JsonElement header;
        JsonElement payload;
        try
        {
            header = JsonSerializer.Deserialize<JsonElement>(headerBytes);
            payload = JsonSerializer.Deserialize<JsonElement>(payloadBytes);
        }
        catch (JsonException)
        {
            return EntraErrors.AssertionInvalid("The client assertion's header or payload is not JSON.");
        }

        if (header.ValueKind != JsonValueKind.Object || payload.ValueKind != JsonValueKind.Object)
        {
            return EntraErrors.AssertionInvalid("The client assertion's header or payload is not a JSON object.");
        }

        var padding = String(header, "alg") switch
        {
            "RS256" => RSASignaturePadding.Pkcs1,
            "PS256" => RSASignaturePadding.Pss,
            _ => null,
        };
        if (padding is null)
        {
            return EntraErrors.AssertionInvalid($"Unsupported client assertion algorithm '{String(header, "alg")}'.");
        }

        var candidates = Candidates(app, String(header, "x5t"), String(header, "x5t#S256"));
        if (candidates.Count == 0)
        {
            return EntraErrors.AssertionSignature("The certificate with identifier used to sign the client assertion is not registered on application.");
        }

        var signingInput = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (!candidates.Any(certificate => Verifies(certificate, signingInput, signature, padding)))
        {
            return EntraErrors.AssertionSignature("The signature does not match any certificate registered on the application.");
        }

        if (String(payload, "iss") != app.ClientId || String(payload, "sub") != app.ClientId)
        {
            return EntraErrors.AssertionSubject();
        }

        if (String(payload, "aud") is not { } audience || !isOwnAudience(audience))
        {
            return EntraErrors.AssertionInvalid($"The client assertion's audience '{String(payload, "aud")}' is not this token endpoint.");
        }

        var expires = Number(payload, "exp");
        var notBefore = Number(payload, "nbf");
        if (expires is null || DateTimeOffset.FromUnixTimeSeconds(expires.Value) + ClockSkew < now ||
            (notBefore is not null && DateTimeOffset.FromUnixTimeSeconds(notBefore.Value) - ClockSkew > now))
        {
            return EntraErrors.AssertionExpired($"exp={expires?.ToString(CultureInfo.InvariantCulture) ?? "none"}, nbf={notBefore?.ToString(CultureInfo.InvariantCulture) ?? "none"}, now={now.ToUnixTimeSeconds()}.");
        }

        return null;
    }

    private static List<X509Certificate2> Candidates(RegisteredApp app, string? x5t, string? x5tS256)
    {
        if (x5t is null && x5tS256 is null)
        {
            return [.. app.Certificates];
        }

        return app.Certificates.Where(certificate =>
            (x5t is not null && Base64Url.Encode(certificate.GetCertHash(HashAlgorithmName.SHA1)) == x5t) ||
            (x5tS256 is not null && Base64Url.Encode(certificate.GetCertHash(HashAlgorithmName.SHA256)) == x5tS256)).ToList();
    }

    private static bool Verifies(X509Certificate2 certificate, byte[] signingInput, byte[] signature, RSASignaturePadding padding)
    {
        using var key = certificate.GetRSAPublicKey();
        return key is not null && key.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, padding);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A NumericDate; MSAL.NET writes exp and nbf as JSON strings, so both forms are read.</summary>
    private static long? Number(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var number) => number,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }
}
