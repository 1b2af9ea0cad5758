namespace AckPoller.Core.Configuration;

/// <summary>One entry of "Webhooks": an HTTPS endpoint that receives every ack-log event (or the chosen kinds) as JSON,
/// signed as the Standard Webhooks specification describes.</summary>
public sealed class WebhookOptions
{
    /// <summary>Short unique name used in the CLI, the API and the delivery table.</summary>
    public string? Name { get; set; }

    /// <summary>https:// (http:// only on loopback).</summary>
    public string? Url { get; set; }

    /// <summary>The environment variable holding the signing secret ("whsec_" + base64, or any string of 24+ characters).</summary>
    public string? SecretEnv { get; set; }

    public string? SecretFile { get; set; }

    /// <summary>Event types to send (e.g. ack.applied, alert.raised); empty sends every type.</summary>
    public IList<string> Events { get; } = [];

    /// <summary>Attempts before a delivery is dead.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The wait after the first failed attempt; it doubles per attempt (with jitter) up to an hour.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one attempt may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An extra PEM CA bundle trusted for this endpoint (private CAs).</summary>
    public string? ExtraCaFile { get; set; }
}
