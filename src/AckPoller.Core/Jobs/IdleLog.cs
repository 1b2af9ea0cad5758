using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Jobs;

/// <summary>Log events of iMAP IDLE: EventIds 1600–1649 (the README's event catalogue lists them).</summary>
internal static partial class IdleLog
{
    [LoggerMessage(EventId = 1600, Level = LogLevel.Debug, Message = "Account {Account}: could not record the IDLE connection state: {Error}")]
    internal static partial void CouldNotRecordIdleState(ILogger logger, Exception exception, string account, object? error);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Error, Message = "Account {Account}: the IDLE listener stopped; the account is still polled on its schedule")]
    internal static partial void IdleListenerStopped(ILogger logger, Exception exception, string account);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Information, Message = "Account {Account}: the server does not offer IDLE; the account is polled on its schedule only")]
    internal static partial void IdleNotOffered(ILogger logger, string account);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Information, Message = "Account {Account}: IDLE works again")]
    internal static partial void IdleWorksAgain(ILogger logger, string account);

    [LoggerMessage(EventId = 1604, Level = LogLevel.Debug, Message = "Account {Account}: paused; IDLE connection closed")]
    internal static partial void PausedIdleClosed(ILogger logger, string account);

    [LoggerMessage(EventId = 1605, Level = LogLevel.Information, Message = "Account {Account}: the server ended the IDLE session because the access token expired; reconnecting with a fresh token")]
    internal static partial void IdleTokenExpired(ILogger logger, string account);

    [LoggerMessage(EventId = 1606, Level = LogLevel.Warning, Message = "Account {Account}: IDLE cannot authenticate: {Reason}")]
    internal static partial void IdleCannotAuthenticate(ILogger logger, string account, object? reason);

    [LoggerMessage(EventId = 1607, Level = LogLevel.Warning, Message = "Account {Account}: IDLE failed {Failures} times in a row (last: {Error}); relying on polling ({Schedule}) and trying IDLE again every {Retry}")]
    internal static partial void IdleFallingBackToPolling(ILogger logger, Exception? exception, string account, object? failures, object? error, object? schedule, object? retry);

    [LoggerMessage(EventId = 1608, Level = LogLevel.Information, Message = "Account {Account}: IDLE connection failed ({Error}); reconnecting in {Delay}")]
    internal static partial void IdleReconnecting(ILogger logger, Exception? exception, string account, object? error, object? delay);

    [LoggerMessage(EventId = 1609, Level = LogLevel.Debug, Message = "Account {Account}: logout after IDLE failed: {Error}")]
    internal static partial void IdleLogoutFailed(ILogger logger, string account, object? error);

    [LoggerMessage(EventId = 1610, Level = LogLevel.Information, Message = "Account {Account}: cannot reach the IMAP server for IDLE ({Error}); trying again in {Delay}")]
    internal static partial void IdleServerUnreachable(ILogger logger, string account, object? error, object? delay);
}
