namespace AckPoller.Core.Diagnostics;

/// <summary>What a probe found. Serialised as the JSON of `ackpoller probe --json` (snake_case names).</summary>
public sealed record ProbeReport
{
    public required string Protocol { get; init; }

    public required string Server { get; init; }

    /// <summary>e.g. "TLS 1.3 (TLS_AES_256_GCM_SHA384)", or null when the connection is not encrypted.</summary>
    public string? Tls { get; init; }

    public IReadOnlyList<string> Capabilities { get; init; } = [];

    public bool Authenticated { get; init; }

    public string? Mechanism { get; init; }

    /// <summary>INBOX message count (IMAP EXISTS, POP3 STAT); null for SMTP or without authentication.</summary>
    public long? Messages { get; init; }

    /// <summary>SMTP with a recipient: whether the test message was accepted.</summary>
    public bool? Sent { get; init; }

    public ProbeError? Error { get; init; }
}
