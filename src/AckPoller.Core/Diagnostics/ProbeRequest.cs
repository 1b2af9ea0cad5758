using AckPoller.Mail.Sasl;

namespace AckPoller.Core.Diagnostics;

/// <summary>What to probe and with which credentials. Without credentials the probe only connects and lists capabilities.</summary>
public sealed record ProbeRequest(ProbeTarget Target)
{
    public MailCredentials? Credentials { get; init; }

    /// <summary>A SASL mechanism name to insist on, or null to pick the best one offered.</summary>
    public string? Mechanism { get; init; }

    public string? ExtraCaFile { get; init; }

    /// <summary>SMTP only: send a small test message to this address.</summary>
    public string? SendTo { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
