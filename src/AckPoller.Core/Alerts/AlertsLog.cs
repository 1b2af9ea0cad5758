using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Alerts;

/// <summary>Log events of alerts, acknowledgements, snoozes: EventIds 1400–1449 (the README's event catalogue lists them).</summary>
internal static partial class AlertsLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "{Account} {Key}: {Outcome} {Action} on {Alert} from {Sender}: {Reason}")]
    internal static partial void ReplyRecorded(ILogger logger, string account, object? key, object? outcome, object? action, object? alert, object? sender, object? reason);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "No answer to {Sender}: {Error}")]
    internal static partial void NoAnswer(ILogger logger, object? sender, object? error);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "Raised {Alert} \"{Subject}\" to {Recipients}")]
    internal static partial void Raised(ILogger logger, object? alert, object? subject, object? recipients);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Information, Message = "Registered {Alert} \"{Subject}\" (Message-ID {MessageId})")]
    internal static partial void Registered(ILogger logger, object? alert, object? subject, object? messageId);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Information, Message = "{Alert}: snooze ended at {Until:u}; reopened{Reminded}")]
    internal static partial void SnoozeEndedReopened(ILogger logger, object? alert, object? until, object? reminded);
}
