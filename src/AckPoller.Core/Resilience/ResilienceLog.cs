using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Resilience;

/// <summary>Log events of retries and circuit breakers: EventIds 1700–1749 (the README's event catalogue lists them).</summary>
internal static partial class ResilienceLog
{
    [LoggerMessage(EventId = 1700, Level = LogLevel.Warning, Message = "{Purpose} {Server}: {Error}; retry {Attempt} in {Delay}")]
    internal static partial void MailRetry(ILogger logger, object? purpose, object? server, object? error, object? attempt, object? delay);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "{Purpose} {Server}: circuit opened after repeated failures; calls are refused for {Duration}")]
    internal static partial void CircuitOpenedAfterRepeatedFailures(ILogger logger, object? purpose, object? server, object? duration);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Information, Message = "{Purpose} {Server}: circuit closed, the server answers again")]
    internal static partial void CircuitClosedServerAnswersAgain(ILogger logger, object? purpose, object? server);

    [LoggerMessage(EventId = 1703, Level = LogLevel.Warning, Message = "Token request failed ({Code}: {Reason}); retry {Attempt} in {Delay}")]
    internal static partial void TokenRequestFailedRetry(ILogger logger, object? code, object? reason, object? attempt, object? delay);
}
