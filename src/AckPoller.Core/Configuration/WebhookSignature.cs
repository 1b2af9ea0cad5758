using System.Security.Cryptography;
using System.Text;

namespace AckPoller.Core.Configuration;

/// <summary>Standard Webhooks signing: <c>webhook-signature: v1,&lt;base64 HMAC-SHA256 over "id.timestamp.body"&gt;</c> with
/// the secret's bytes ("whsec_" + base64 as the specification writes secrets, or the UTF-8 bytes of any other string).</summary>
internal static class WebhookSignature
{
    public const int MinimumSecretLength = 24;
    private const string Prefix = "whsec_";

    public static bool TryParseSecret(string? text, out byte[] key, out string why)
    {
        key = [];
        why = string.Empty;
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.StartsWith(Prefix, StringComparison.Ordinal))
        {
            try
            {
                key = Convert.FromBase64String(trimmed[Prefix.Length..]);
            }
            catch (FormatException)
            {
                why = "starts with whsec_ but the rest is not base64.";
                return false;
            }

            if (key.Length < 16)
            {
                why = "is shorter than 16 bytes after whsec_.";
                return false;
            }

            return true;
        }

        if (trimmed.Length < MinimumSecretLength)
        {
            why = $"is shorter than {MinimumSecretLength} characters; use e.g. 'whsec_' + $(openssl rand -base64 32).";
            return false;
        }

        key = Encoding.UTF8.GetBytes(trimmed);
        return true;
    }

    public static string Sign(byte[] key, string id, long timestamp, string body)
    {
        var content = Encoding.UTF8.GetBytes(FormattableString.Invariant($"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }
}
