namespace AckPoller.Core.Outbox;

/// <summary>An email waiting in (or gone through) the outbox. <see cref="Raw"/> is the composed message, so a retry
/// sends the very same bytes and Message-ID.</summary>
public sealed record OutboxMessage
{
    public long Id { get; init; }

    public OutboxKind Kind { get; init; }

    public long? AlertId { get; init; }

    /// <summary>Envelope recipients (To and Cc).</summary>
    public required IReadOnlyList<string> Recipients { get; init; }

    /// <summary>The Message-ID inside <see cref="Raw"/>, without angle brackets.</summary>
    public required string MessageId { get; init; }

    public required ReadOnlyMemory<byte> Raw { get; init; }

    public OutboxState State { get; init; } = OutboxState.Pending;

    public int Attempts { get; init; }

    public DateTimeOffset NextAttemptAt { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }
}
