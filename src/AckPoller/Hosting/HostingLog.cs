using Microsoft.Extensions.Logging;

namespace AckPoller.Hosting;

/// <summary>Log events of service hosting (systemd watchdog, start-up checks): EventIds 1750–1799 (the README's event catalogue lists them).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 1750, Level = LogLevel.Information, Message = "systemd watchdog: a ping every {Interval} while the scheduler and the store are healthy")]
    internal static partial void WatchdogEnabled(ILogger logger, object? interval);

    [LoggerMessage(EventId = 1751, Level = LogLevel.Warning, Message = "systemd watchdog: healthy again, pings resumed")]
    internal static partial void WatchdogHealthyAgain(ILogger logger);

    [LoggerMessage(EventId = 1752, Level = LogLevel.Error, Message = "systemd watchdog: unhealthy ({Problem}): no pings until it recovers; systemd restarts the service when WatchdogSec= passes")]
    internal static partial void WatchdogUnhealthy(ILogger logger, object? problem);

    [LoggerMessage(EventId = 1753, Level = LogLevel.Warning, Message = "The database {Path} is locked by another writer at start-up; continuing ({Problem})")]
    internal static partial void DatabaseLockedAtStart(ILogger logger, object? path, object? problem);

    [LoggerMessage(EventId = 1754, Level = LogLevel.Information, Message = "Start-up memory given back to the system (heap compacted, native heap trimmed, start-up code pages dropped): resident {BeforeMegabytes} MB before, {AfterMegabytes} MB after")]
    internal static partial void StartupMemoryReleased(ILogger logger, long beforeMegabytes, long afterMegabytes);
}
