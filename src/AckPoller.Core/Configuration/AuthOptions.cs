namespace AckPoller.Core.Configuration;

/// <summary>Section "Auth": behaviour shared by all accounts.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>A delegated account whose last refresh is older than this is refreshed silently, so the 90-day
    /// inactivity expiry of refresh tokens (AADSTS700082) never hits a quiet mailbox.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How many days before a client secret or certificate expires to start warning.</summary>
    public int ExpiryWarningDays { get; set; } = 30;

    /// <summary>Who is told about sign-in requests and expiring credentials.</summary>
    public IList<string> AdminAddresses { get; } = [];

    /// <summary>An extra PEM CA bundle trusted for the token endpoint (TLS-inspecting proxies); empty for the system roots only.</summary>
    public string? ExtraCaFile { get; set; }

    /// <summary>How long one token request may take before it counts as a transient failure.</summary>
    public TimeSpan TokenRequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a transient token endpoint failure (5xx, 429, network) before giving up for this attempt.</summary>
    public int TransientRetries { get; set; } = 4;
}
