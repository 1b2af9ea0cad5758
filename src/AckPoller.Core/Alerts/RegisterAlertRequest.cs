namespace AckPoller.Core.Alerts;

/// <summary>An alert another system already emailed: known by its Message-ID and/or its AP reference (at least one).
/// Without a reference, AckPoller assigns one (replies are then matched by Message-ID).</summary>
public sealed record RegisterAlertRequest
{
    /// <summary>Without angle brackets.</summary>
    public string? MessageId { get; init; }

    public AlertReference? Reference { get; init; }

    public required string Subject { get; init; }

    public string Body { get; init; } = string.Empty;

    public string? Severity { get; init; }

    public string? Source { get; init; }

    public IReadOnlyList<string> Recipients { get; init; } = [];
}
