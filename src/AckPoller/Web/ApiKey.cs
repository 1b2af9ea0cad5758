using System.Security.Cryptography;
using System.Text;
using AckPoller.Core.Configuration;

namespace AckPoller.Web;

/// <summary>The API key from Web:ApiKeyEnv or Web:ApiKeyFile (first line), when one is configured. Required when
/// Web:Url is not loopback (validation refuses that configuration without a key); a key configured on loopback is
/// enforced too. Only its SHA-256 is kept, compared in constant time; it is never logged or shown.</summary>
public sealed class ApiKey
{
    public const string HeaderName = "X-Api-Key";

    private readonly byte[]? _hash;
    private readonly byte[]? _pageToken;

    private ApiKey(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return;
        }

        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        // The page's cookie carries a value derived from the key, not the key itself.
        _pageToken = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), "ackpoller status page session v1"u8);
    }

    public bool IsRequired => _hash is not null;

    /// <summary>The cookie value a browser gets after typing the key on the sign-in form.</summary>
    internal string PageToken => _pageToken is null ? string.Empty : Convert.ToBase64String(_pageToken).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static ApiKey None { get; } = new(null);

    public static ApiKey Load(WebOptions web, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(web);
        environment ??= Environment.GetEnvironmentVariable;
        string? key = null;
        if (!string.IsNullOrWhiteSpace(web.ApiKeyEnv))
        {
            key = environment(web.ApiKeyEnv);
        }
        else if (!string.IsNullOrWhiteSpace(web.ApiKeyFile) && File.Exists(web.ApiKeyFile))
        {
            using var reader = new StreamReader(web.ApiKeyFile);
            key = reader.ReadLine();
        }

        key = key?.Trim();
        if (string.IsNullOrEmpty(key) && !web.IsLoopbackOnly)
        {
            throw new ConfigurationException([$"Web:ApiKeyEnv: Web:Url '{web.Url}' is reachable from other machines, but no API key could be read."]);
        }

        return new ApiKey(key);
    }

    public bool Matches(string? candidate) =>
        _hash is not null && candidate is not null
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(candidate.Trim())), _hash);

    internal bool MatchesPageToken(string? candidate) =>
        _pageToken is not null && candidate is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), Encoding.ASCII.GetBytes(PageToken));

    public override string ToString() => IsRequired ? "ApiKey (redacted)" : "ApiKey (none)";
}
