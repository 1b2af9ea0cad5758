using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Abstractions;

namespace AckPoller.Core.Auth.Msal;

/// <summary>MSAL's own log (warnings and errors only, PII logging off) into our logger.</summary>
internal sealed class MsalLogger : IIdentityLogger
{
    private readonly ILogger _logger;

    public MsalLogger(ILogger logger) => _logger = logger;

    public bool IsEnabled(EventLogLevel eventLogLevel) => eventLogLevel <= EventLogLevel.Warning && _logger.IsEnabled(Map(eventLogLevel));

    public void Log(LogEntry entry) => _logger.Log(Map(entry.EventLogLevel), "MSAL: {Message}", entry.Message);

    private static LogLevel Map(EventLogLevel level) => level switch
    {
        EventLogLevel.Critical => LogLevel.Critical,
        EventLogLevel.Error => LogLevel.Error,
        EventLogLevel.Warning => LogLevel.Warning,
        EventLogLevel.Informational => LogLevel.Information,
        _ => LogLevel.Debug,
    };
}
