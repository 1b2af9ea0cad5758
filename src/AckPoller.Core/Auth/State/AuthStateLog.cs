using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Auth.State;

/// <summary>Log events of auth state changes: EventIds 1150–1169 (the README's event catalogue lists them).</summary>
internal static partial class AuthStateLog
{
    [LoggerMessage(EventId = 1150, Level = LogLevel.Information, Message = "Account {Account}: {State}, new sign-in challenge issued")]
    internal static partial void NewSignInChallengeIssued(ILogger logger, string account, object? state);

    [LoggerMessage(EventId = 1151, Level = LogLevel.Information, Message = "Account {Account}: {Previous} -> Authorized")]
    internal static partial void BecameAuthorized(ILogger logger, string account, object? previous);

    [LoggerMessage(EventId = 1152, Level = LogLevel.Warning, Message = "Account {Account}: {Previous} -> {State} ({Code}): {Reason}")]
    internal static partial void StateChanged(ILogger logger, string account, object? previous, object? state, object? code, object? reason);

    [LoggerMessage(EventId = 1153, Level = LogLevel.Error, Message = "An auth state change handler failed for account {Account}")]
    internal static partial void AuthStateChangeHandlerFailed(ILogger logger, Exception exception, string account);
}
