namespace AckPoller.Core.Alerts;

/// <summary>An alert AckPoller raised or registered, and where it stands.</summary>
public sealed record Alert
{
    public long Id { get; init; }

    public required AlertReference Reference { get; init; }

    public required string Subject { get; init; }

    public string Body { get; init; } = string.Empty;

    public string? Severity { get; init; }

    public string? Source { get; init; }

    /// <summary>The addresses the alert email went to; they may act on it by replying.</summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];

    /// <summary>The alert email's Message-ID, without angle brackets; replies point at it with In-Reply-To/References.</summary>
    public string? MessageId { get; init; }

    public AlertState State { get; init; } = AlertState.Open;

    public DateTimeOffset? SnoozedUntil { get; init; }

    /// <summary>Who acknowledged it (address), while it is acknowledged.</summary>
    public string? AcknowledgedBy { get; init; }

    /// <summary>The acknowledger's display name, when the reply gave one.</summary>
    public string? AcknowledgedByName { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
