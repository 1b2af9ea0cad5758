using System.Text;
using System.Text.Json;

namespace AckPoller.Mail.Sasl;

/// <summary>The JSON error a server sends as a SASL challenge when it refuses a bearer token (RFC 7628 §3.2.2),
/// e.g. {"status":"401","schemes":"bearer","scope":"mail"}.</summary>
public sealed record OAuthErrorChallenge(string Json, string? Status, string? Schemes, string? Scope)
{
    /// <summary>Decodes the challenge; text that is not JSON is kept as it is, with no fields.</summary>
    public static OAuthErrorChallenge Parse(ReadOnlySpan<byte> challenge)
    {
        var json = Encoding.UTF8.GetString(challenge);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new OAuthErrorChallenge(json, null, null, null);
            }

            return new OAuthErrorChallenge(json, Read(document.RootElement, "status"), Read(document.RootElement, "schemes"), Read(document.RootElement, "scope"));
        }
        catch (JsonException)
        {
            return new OAuthErrorChallenge(json, null, null, null);
        }
    }

    private static string? Read(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;
}
