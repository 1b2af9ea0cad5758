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

    [LoggerMessage(EventId = 1611, Level = LogLevel.Information, Message = "Account {Account}: this node ({Node}) took the IDLE ownership lock and listens for new mail")]
    internal static partial void IdleOwnershipAcquired(ILogger logger, string account, string node);

    [LoggerMessage(EventId = 1612, Level = LogLevel.Information, Message = "Account {Account}: this node ({Node}) stopped its IDLE listener and released the ownership lock; the account is now assigned to node {Assigned}")]
    internal static partial void IdleOwnershipReleased(ILogger logger, string account, string node, string? assigned);

    [LoggerMessage(EventId = 1613, Level = LogLevel.Warning, Message = "Account {Account}: this node ({Node}) lost the IDLE ownership lock ({Reason}); its IDLE listener is stopped")]
    internal static partial void IdleOwnershipLost(ILogger logger, string account, string node, string reason);

    [LoggerMessage(EventId = 1614, Level = LogLevel.Warning, Message = "Cannot open the IDLE ownership connection to the database ({Error}); trying again in {Delay}")]
    internal static partial void IdleLockConnectFailed(ILogger logger, string error, TimeSpan delay);

    [LoggerMessage(EventId = 1615, Level = LogLevel.Warning, Message = "The IDLE ownership connection to the database broke ({Error}): stopped {Listeners} IDLE listeners, reconnecting in {Delay}")]
    internal static partial void IdleLockConnectionLost(ILogger logger, string error, int listeners, TimeSpan delay);

    [LoggerMessage(EventId = 1616, Level = LogLevel.Information, Message = "Node {Node}: IDLE ownership connection open; taking the IDLE accounts assigned to this node")]
    internal static partial void IdleLockConnected(ILogger logger, string node);

    [LoggerMessage(EventId = 1617, Level = LogLevel.Debug, Message = "Could not read the node list for IDLE assignment ({Error}); using the last one")]
    internal static partial void IdleNodeListFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 1618, Level = LogLevel.Warning, Message = "Account {Account}: the IDLE listener did not stop within {Timeout}; releasing its ownership anyway")]
    internal static partial void IdleListenerSlowToStop(ILogger logger, string account, TimeSpan timeout);
}
