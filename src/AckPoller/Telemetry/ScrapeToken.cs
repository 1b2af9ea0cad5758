using System.Security.Cryptography;
using System.Text;
using AckPoller.Core.Configuration;
using Microsoft.AspNetCore.Http;

namespace AckPoller.Telemetry;

/// <summary>The token from Telemetry:ScrapeTokenEnv or Telemetry:ScrapeTokenFile (first line) that lets a Prometheus
/// scraper read GET /metrics, and nothing else, with "Authorization: Bearer …" where the API key is required. Only its
/// SHA-256 is kept, compared in constant time; it is never logged.</summary>
internal sealed class ScrapeToken
{
    private readonly byte[]? _hash;

    private ScrapeToken(string? token)
    {
        if (!string.IsNullOrWhiteSpace(token))
        {
            _hash = SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim()));
        }
    }

    public static ScrapeToken None { get; } = new(null);

    public bool IsConfigured => _hash is not null;

    public static ScrapeToken Load(TelemetryOptions telemetry, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        environment ??= Environment.GetEnvironmentVariable;
        if (!string.IsNullOrWhiteSpace(telemetry.ScrapeTokenEnv))
        {
            return new ScrapeToken(environment(telemetry.ScrapeTokenEnv));
        }

        if (!string.IsNullOrWhiteSpace(telemetry.ScrapeTokenFile) && File.Exists(telemetry.ScrapeTokenFile))
        {
            using var reader = new StreamReader(telemetry.ScrapeTokenFile);
            return new ScrapeToken(reader.ReadLine());
        }

        return None;
    }

    /// <summary>True when the request carries "Authorization: Bearer &lt;the token&gt;".</summary>
    public bool Allows(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var header = context.Request.Headers.Authorization.FirstOrDefault();
        const string Bearer = "Bearer ";
        if (_hash is null || header is null || !header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(header[Bearer.Length..].Trim())), _hash);
    }

    public override string ToString() => IsConfigured ? "ScrapeToken (redacted)" : "ScrapeToken (none)";
}
