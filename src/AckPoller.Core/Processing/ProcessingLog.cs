using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Processing;

/// <summary>Log events of reply processing: EventIds 1350–1399 (the README's event catalogue lists them).</summary>
internal static partial class ProcessingLog
{
    [LoggerMessage(EventId = 1350, Level = LogLevel.Information, Message = "Account {Account}: polled {Fetched} messages: {Applied} applied, {Rejected} rejected, {Ignored} ignored, {Failed} failed")]
    internal static partial void Polled(ILogger logger, string account, object? fetched, object? applied, object? rejected, object? ignored, object? failed);

    [LoggerMessage(EventId = 1351, Level = LogLevel.Warning, Message = "Account {Account}: polling paused, {Because}")]
    internal static partial void PollingPaused(ILogger logger, string account, object? because);

    [LoggerMessage(EventId = 1352, Level = LogLevel.Error, Message = "Account {Account}: could not record {Key} as present before the first run")]
    internal static partial void CouldNotRecordPresentBefore(ILogger logger, Exception exception, string account, object? key);

    [LoggerMessage(EventId = 1353, Level = LogLevel.Warning, Message = "Account {Account}: analysing {Key} failed (attempt {Attempt} of {Max}); it is tried again next poll")]
    internal static partial void AnalysingFailedAttemptTriedAgain(ILogger logger, Exception exception, string account, object? key, object? attempt, object? max);

    [LoggerMessage(EventId = 1354, Level = LogLevel.Error, Message = "Account {Account}: recording {Key} failed; it is tried again next poll")]
    internal static partial void RecordingFailedTriedAgainNext(ILogger logger, Exception exception, string account, object? key);

    [LoggerMessage(EventId = 1355, Level = LogLevel.Warning, Message = "Account {Account}: {Key} is recorded ({Outcome}) but the server refused to file it as {Disposition}: {Error}; retried next poll")]
    internal static partial void RecordedButServerRefusedFile(ILogger logger, string account, object? key, object? outcome, object? disposition, object? error);

    [LoggerMessage(EventId = 1356, Level = LogLevel.Warning, Message = "Account {Account}: {Key} is malformed ({Reason}); recorded as {Outcome} and moved aside{Again}")]
    internal static partial void MalformedRecordedMovedAside(ILogger logger, string account, object? key, object? reason, object? outcome, object? again);

    [LoggerMessage(EventId = 1357, Level = LogLevel.Information, Message = "Account {Account}: {Key} from {From} ({MessageId}): {Outcome}, {Reason}{Again}")]
    internal static partial void ReplyProcessed(ILogger logger, string account, object? key, object? from, object? messageId, object? outcome, object? reason, object? again);

    [LoggerMessage(EventId = 1358, Level = LogLevel.Warning, Message = "Account {Account}: {Key} is recorded ({Outcome}) but filing it as {Disposition} failed ({Kind}): {Error}; if it is still in the mailbox, the next poll files it")]
    internal static partial void RecordedButFilingFailed(ILogger logger, string account, object? key, object? outcome, object? disposition, object? kind, object? error);
}
