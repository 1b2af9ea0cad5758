using Microsoft.Extensions.Logging;

namespace AckPoller.Telemetry;

/// <summary>Log events of the telemetry itself: EventIds 1900–1999 (see the README's event catalogue).</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(EventId = 1900, Level = LogLevel.Debug, Message = "Telemetry: reading the store for the gauges failed")]
    public static partial void SnapshotFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1901, Level = LogLevel.Information, Message = "Telemetry: exporting {Signals} over OTLP ({Protocol}) to {Endpoint}")]
    public static partial void OtlpExport(ILogger logger, string signals, string protocol, string endpoint);
}
