using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AckPoller.Web;

/// <summary>Anti-forgery tokens for the status page's "Sign in" forms: "{issued unix seconds}.{HMAC-SHA256}" over the
/// account name and the issue time, under a random key that lives only in this process. Only someone who can read the
/// status page gets one: another site cannot (no CORS, and the Host guard defeats DNS rebinding), so it cannot forge the
/// POST even on a keyless loopback binding, where no cookie identifies the browser. A token is bound to its account and
/// expires after <see cref="Lifetime"/> (the page reloads every 30 s, so a page left open always holds a fresh one).</summary>
internal sealed class SignInTokens(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);
    private const int MaxTokenLength = 128;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Issue(string account)
    {
        var issued = time.GetUtcNow().ToUnixTimeSeconds();
        return issued.ToString(CultureInfo.InvariantCulture) + "." + Base64Url(Mac(account, issued));
    }

    public bool Verify(string account, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return false;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(token.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var issued)
            || issued > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(issued);
        if (age < -ClockSkew || age > Lifetime)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token[(dot + 1)..]), Encoding.ASCII.GetBytes(Base64Url(Mac(account, issued))));
    }

    private byte[] Mac(string account, long issued) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("ackpoller sign-in start v1\n" + account.ToUpperInvariant() + "\n" + issued.ToString(CultureInfo.InvariantCulture)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
