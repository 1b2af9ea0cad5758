using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Outbox;

/// <summary>Log events of outbox sending: EventIds 1500–1549 (the README's event catalogue lists them).</summary>
internal static partial class OutboxLog
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Warning, Message = "Outbox paused: {Reason}")]
    internal static partial void OutboxPaused(ILogger logger, object? reason);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Sent {Kind} {MessageId} (outbox {Id}) to {Recipients}{Refused}")]
    internal static partial void SentOutbox(ILogger logger, object? kind, object? messageId, object? id, object? recipients, object? refused);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Error, Message = "Outbox {Id} ({Kind} {MessageId}) is dead: {Reason}")]
    internal static partial void OutboxDead(ILogger logger, object? id, object? kind, object? messageId, object? reason);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "Outbox {Id} ({Kind}) failed (attempt {Attempt}), retrying at {Next:u}: {Reason}")]
    internal static partial void OutboxFailedAttemptRetrying(ILogger logger, object? id, object? kind, object? attempt, object? next, object? reason);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Debug, Message = "Closing the SMTP connection failed")]
    internal static partial void ClosingSMTPConnectionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Debug, Message = "Outbox connected to {Endpoint} as {Login} with {Mechanism}")]
    internal static partial void OutboxConnected(ILogger logger, object? endpoint, object? login, object? mechanism);

    [LoggerMessage(EventId = 1506, Level = LogLevel.Information, Message = "Outbox {Id}: the server took {Accepted} recipients in this transaction; sending to the other {Later} in another")]
    internal static partial void OutboxRecipientsSplit(ILogger logger, object? id, object? accepted, object? later);
}
