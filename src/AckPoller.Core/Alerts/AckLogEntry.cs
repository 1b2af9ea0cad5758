using AckPoller.Core.Configuration;

namespace AckPoller.Core.Alerts;

/// <summary>One row of the append-only acknowledgement log: what one reply asked for and what became of it.</summary>
public sealed record AckLogEntry
{
    public long Id { get; init; }

    public long? AlertId { get; init; }

    /// <summary>The reference the reply named or matched, even when no such alert exists.</summary>
    public AlertReference? AlertReference { get; init; }

    /// <summary>Null when the reply was not read for a command (auto-replies, bounces, locked-out senders).</summary>
    public AckAction? Action { get; init; }

    /// <summary>The command's argument, e.g. "30m" for a snooze.</summary>
    public string? Argument { get; init; }

    public string? ActorAddress { get; init; }

    public string? ActorName { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    public DateTimeOffset ProcessedAt { get; init; }

    public string? SourceMessageId { get; init; }

    public required string Account { get; init; }

    public required string Protocol { get; init; }

    public required string MessageKey { get; init; }

    public string? Comment { get; init; }

    public AckOutcome Outcome { get; init; }

    public required string Reason { get; init; }
}
