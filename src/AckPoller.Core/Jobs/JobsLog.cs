using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Jobs;

/// <summary>Log events of polling runner, pauses, scheduled jobs: EventIds 1200–1299 (the README's event catalogue lists them).</summary>
internal static partial class JobsLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "Account {Account}: polling paused ({State}): {Reason}")]
    internal static partial void PollingPaused(ILogger logger, string account, object? state, object? reason);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Account {Account}: {State} again; polling resumes and the backlog is processed")]
    internal static partial void PollingResumed(ILogger logger, string account, object? state);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "A pause/resume handler failed")]
    internal static partial void PauseResumeHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Debug, Message = "Account {Account}: poll ({Reason}) skipped: the circuit for {Server} is open")]
    internal static partial void PollSkippedCircuitOpen(ILogger logger, string account, object? reason, object? server);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Account {Account}: poll ({Reason}) stopped: {State}: {Message}")]
    internal static partial void PollStopped(ILogger logger, string account, object? reason, object? state, object? message);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Warning, Message = "Account {Account}: poll ({Reason}) failed ({Kind}): {Message}")]
    internal static partial void PollFailed(ILogger logger, Exception? exception, string account, object? reason, object? kind, object? message);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Debug, Message = "A requested poll ended with an error during shutdown")]
    internal static partial void RequestedPollEndedErrorDuring(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Warning, Message = "Account {Account}: not polled: {State} since {Since:u}: {Reason} {Action}")]
    internal static partial void NotPolledSince(ILogger logger, string account, object? state, object? since, object? reason, object? action);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Debug, Message = "Account {Account}: could not record the poll's outcome: {Error}")]
    internal static partial void CouldNotRecordPollOutcome(ILogger logger, Exception exception, string account, object? error);

    [LoggerMessage(EventId = 1209, Level = LogLevel.Information, Message = "Account {Account}: poll ({Reason}): {Fetched} fetched, {Applied} applied, {Rejected} rejected, {Ignored} ignored, {Failed} failed")]
    internal static partial void PollDone(ILogger logger, string account, object? reason, object? fetched, object? applied, object? rejected, object? ignored, object? failed);

    [LoggerMessage(EventId = 1210, Level = LogLevel.Debug, Message = "Account {Account}: poll ({Reason}): nothing new")]
    internal static partial void PollNothingNew(ILogger logger, string account, object? reason);

    [LoggerMessage(EventId = 1211, Level = LogLevel.Warning, Message = "Could not notify the admins about account {Account}'s expiring {Credential}: {Error}")]
    internal static partial void CouldNotNotifyAdminsAbout(ILogger logger, Exception exception, string account, object? credential, object? error);

    [LoggerMessage(EventId = 1212, Level = LogLevel.Warning, Message = "No outbox sender is registered: confirmations are not sent by this process")]
    internal static partial void NoOutboxSenderRegisteredConfirmations(ILogger logger);

    [LoggerMessage(EventId = 1213, Level = LogLevel.Information, Message = "Account {Account}: polled {Schedule}{Idle}")]
    internal static partial void Polled(ILogger logger, string account, object? schedule, object? idle);

    [LoggerMessage(EventId = 1214, Level = LogLevel.Warning, Message = "Outbox: sending due messages failed; the next run tries again")]
    internal static partial void OutboxSendingDueMessagesFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1215, Level = LogLevel.Warning, Message = "Outbox: stopped early: {Reason} ({Sent} sent, {Retried} to retry, {Dead} dead)")]
    internal static partial void OutboxStoppedEarlySentRetry(ILogger logger, object? reason, object? sent, object? retried, object? dead);

    [LoggerMessage(EventId = 1216, Level = LogLevel.Information, Message = "Outbox: {Sent} sent, {Retried} to retry, {Dead} dead")]
    internal static partial void OutboxRun(ILogger logger, object? sent, object? retried, object? dead);

    [LoggerMessage(EventId = 1217, Level = LogLevel.Debug, Message = "Pending admin notifications abandoned at shutdown")]
    internal static partial void PendingAdminNotificationsAbandonedShutdown(ILogger logger);

    [LoggerMessage(EventId = 1218, Level = LogLevel.Warning, Message = "Account {Account}: the admins could not be notified ({State}): {Error}; trying again later")]
    internal static partial void AdminsCouldNotNotifiedTrying(ILogger logger, Exception exception, string account, object? state, object? error);

    [LoggerMessage(EventId = 1219, Level = LogLevel.Warning, Message = "Reopening alerts whose snooze ended failed; the next run tries again")]
    internal static partial void ReopeningAlertsWhoseSnoozeEnded(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1220, Level = LogLevel.Warning, Message = "Token keep-alive failed; the next run tries again")]
    internal static partial void TokenKeepAliveFailedNext(ILogger logger, Exception exception);
}
