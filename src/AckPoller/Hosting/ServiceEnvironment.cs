using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Hosting.WindowsServices;

namespace AckPoller.Hosting;

/// <summary>How `ackpoller run` was started: from a terminal, by systemd (with or without a notify socket and a
/// watchdog) or by the Windows Service Control Manager. Read once from the process environment; tests build it directly.</summary>
internal sealed record ServiceEnvironment
{
    /// <summary>The name of the Windows service and of the Event Log source.</summary>
    public const string WindowsServiceName = "AckPoller";

    public ServiceManager Manager { get; init; }

    /// <summary>systemd's NOTIFY_SOCKET: where READY=1, STOPPING=1 and WATCHDOG=1 go (null: nobody listens).</summary>
    public string? NotifySocket { get; init; }

    /// <summary>WatchdogSec= as systemd passes it (WATCHDOG_USEC, for this process when WATCHDOG_PID names it): a
    /// WATCHDOG=1 ping is due at least this often, sent every half of it while the worker is healthy.</summary>
    public TimeSpan? WatchdogTimeout { get; init; }

    public static ServiceEnvironment Console { get; } = new() { Manager = ServiceManager.None };

    /// <summary>The environment of this process.</summary>
    public static ServiceEnvironment Current()
    {
        if (OperatingSystem.IsWindows())
        {
            return WindowsServiceHelpers.IsWindowsService() ? new ServiceEnvironment { Manager = ServiceManager.WindowsService } : Console;
        }

        return FromVariables(Environment.GetEnvironmentVariable, Environment.ProcessId, SystemdHelpers.IsSystemdService());
    }

    /// <summary>systemd's variables (sd_notify(3), sd_watchdog_enabled(3)). A NOTIFY_SOCKET means a service manager
    /// listens even when the parent is not systemd itself (a container's init, a test); a watchdog without a socket to
    /// ping is ignored, and so is one meant for another process (WATCHDOG_PID).</summary>
    public static ServiceEnvironment FromVariables(Func<string, string?> variable, int processId, bool parentIsSystemd)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var socket = variable("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(socket))
        {
            return parentIsSystemd ? new ServiceEnvironment { Manager = ServiceManager.Systemd } : Console;
        }

        TimeSpan? watchdog = null;
        var pid = variable("WATCHDOG_PID");
        var forThisProcess = string.IsNullOrEmpty(pid) || (int.TryParse(pid, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var target) && target == processId);
        if (forThisProcess && long.TryParse(variable("WATCHDOG_USEC"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var usec) && usec > 0)
        {
            watchdog = TimeSpan.FromMicroseconds(usec);
        }

        return new ServiceEnvironment { Manager = ServiceManager.Systemd, NotifySocket = socket, WatchdogTimeout = watchdog };
    }
}

internal enum ServiceManager
{
    /// <summary>A terminal, a container without systemd, a test: plain console logging, Ctrl+C/SIGTERM stop it.</summary>
    None,

    /// <summary>Under systemd: journald-style console lines; with NOTIFY_SOCKET also Type=notify and the watchdog.</summary>
    Systemd,

    /// <summary>Started by the Windows Service Control Manager: service lifetime, Event Log and console.</summary>
    WindowsService,
}
