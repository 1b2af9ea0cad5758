namespace AckPoller.Core.Alerts;

/// <summary>An alert for AckPoller to create and email to its recipients.</summary>
public sealed record RaiseAlertRequest
{
    public required string Subject { get; init; }

    public string Body { get; init; } = string.Empty;

    public string? Severity { get; init; }

    public string? Source { get; init; }

    public required IReadOnlyList<string> Recipients { get; init; }
}
