using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Integrations.Alertmanager;

/// <summary>Log events of the Alertmanager integration (alerts received, silences): EventIds 1450–1499 (the README's event catalogue lists them).</summary>
internal static partial class AlertmanagerLog
{
    [LoggerMessage(EventId = 1450, Level = LogLevel.Information, Message = "Alertmanager raised {Alert} for {Key}")]
    internal static partial void AlertRaised(ILogger logger, object? alert, object? key);

    [LoggerMessage(EventId = 1451, Level = LogLevel.Information, Message = "Alertmanager resolved {Alert}")]
    internal static partial void AlertResolved(ILogger logger, object? alert);

    [LoggerMessage(EventId = 1452, Level = LogLevel.Information, Message = "Alertmanager silence {Silence} for {Alert} until {Until}")]
    internal static partial void SilenceMade(ILogger logger, object? silence, object? alert, object? until);

    [LoggerMessage(EventId = 1453, Level = LogLevel.Warning, Message = "Alertmanager refused the silence for {Alert}: {Status} {Reason}")]
    internal static partial void SilenceRefused(ILogger logger, object? alert, object? status, object? reason);

    [LoggerMessage(EventId = 1454, Level = LogLevel.Warning, Message = "Alertmanager refused the alert query for {Key}: {Status} {Reason}")]
    internal static partial void AlertQueryRefused(ILogger logger, object? key, object? status, object? reason);

    [LoggerMessage(EventId = 1455, Level = LogLevel.Information, Message = "Alertmanager resolved {Alert} while silenced")]
    internal static partial void ResolvedWhileSilenced(ILogger logger, object? alert);

    [LoggerMessage(EventId = 1456, Level = LogLevel.Information, Message = "Alertmanager silence {Silence} for {Alert} expired ({Action})")]
    internal static partial void SilenceExpired(ILogger logger, object? silence, object? alert, object? action);

    [LoggerMessage(EventId = 1457, Level = LogLevel.Information, Message = "Alertmanager is reachable again; queued silences were made")]
    internal static partial void ReachableAgain(ILogger logger);

    [LoggerMessage(EventId = 1458, Level = LogLevel.Warning, Message = "{Reason} Silences stay queued; retry {Attempt}")]
    internal static partial void UnavailableSilencesQueued(ILogger logger, object? reason, object? attempt);

    [LoggerMessage(EventId = 1459, Level = LogLevel.Error, Message = "Making Alertmanager silences failed; retry {Attempt}")]
    internal static partial void MakingSilencesFailed(ILogger logger, Exception exception, object? attempt);
}
