using Microsoft.Extensions.Logging;

namespace AckPoller.Telemetry;

/// <summary>Log events of the telemetry itself: EventIds 1900–1999 (see the README's event catalogue).</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(EventId = 1900, Level = LogLevel.Debug, Message = "Telemetry: reading the store for the gauges failed")]
    internal static partial void SnapshotFailed(ILogger logger, Exception exception);
}
