using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Hosting.WindowsServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Logging.EventLog;

namespace AckPoller.Hosting;

/// <summary>`ackpoller run` as a service. Under systemd: journald-style log lines (syslog priority prefix, no timestamp:
/// the journal stamps them), and with NOTIFY_SOCKET (Type=notify) READY=1 once every hosted service has started (the
/// migrations, the scheduler, the IDLE listeners, the web listener), STOPPING=1 when the stop begins, and the watchdog
/// (<see cref="SystemdWatchdog"/>). Under the Windows Service Control Manager: the service lifetime (a service stop
/// stops the host gracefully) and logs to the Event Log (source "AckPoller", warnings and above unless
/// Logging:EventLog:LogLevel says otherwise) besides the console.</summary>
internal static class ServiceIntegration
{
    /// <summary>How long a stop (systemctl stop, a service stop) lets running jobs finish before the host gives up.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    public static void AddAckPollerServiceIntegration(this IHostApplicationBuilder builder, ServiceEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(environment);
        builder.Services.AddSingleton(environment);
        // A long-running worker, wherever it runs: give start-up's memory back once it has settled (README, Budgets).
        builder.Services.AddHostedService<MemoryRelease>();
        switch (environment.Manager)
        {
            case ServiceManager.Systemd:
                AddSystemd(builder, environment);
                break;
            case ServiceManager.WindowsService when OperatingSystem.IsWindows():
                AddWindowsService(builder);
                break;
            default:
                break;
        }
    }

    /// <summary>A Windows service starts in %WINDIR%\System32: the working directory becomes the program's folder, so
    /// appsettings.json beside ackpoller.exe (and a relative Storage:DatabasePath) are found as from a terminal.</summary>
    public static void UseServiceWorkingDirectory(ServiceEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.Manager == ServiceManager.WindowsService)
        {
            Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        }
    }

    private static void AddSystemd(IHostApplicationBuilder builder, ServiceEnvironment environment)
    {
        builder.Logging.AddSystemdConsole(console => console.UseUtcTimestamp = true);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        if (environment.NotifySocket is null)
        {
            return;
        }

        // A notify socket is enough (AddSystemd() also wants systemd as the parent process). The console lifetime
        // still handles SIGTERM; SystemdNotifications sends READY=1 only once the scheduler runs too, which
        // SystemdLifetime (READY=1 at ApplicationStarted) cannot wait for.
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.Services.TryAddSingleton<ISystemdNotifier, SystemdNotifier>();
        builder.Services.TryAddSingleton<IWorkerHealth, WorkerHealth>();
        builder.Services.AddHostedService<SystemdNotifications>();
    }

    /// <summary>What AddWindowsService() registers when it finds itself under the Service Control Manager; public to the
    /// tests, which check the registrations on any OS.</summary>
    [SupportedOSPlatform("windows")]
    public static void AddWindowsService(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.AddEventLog();
        builder.Logging.AddFilter<EventLogLoggerProvider>(null, LogLevel.Warning);
        builder.Services.Configure<EventLogSettings>(settings =>
        {
            settings.SourceName = ServiceEnvironment.WindowsServiceName;
            settings.LogName = "Application";
        });
        builder.Services.AddSingleton<IHostLifetime, WindowsServiceLifetime>();
        builder.Services.Configure<WindowsServiceLifetimeOptions>(service => service.ServiceName = ServiceEnvironment.WindowsServiceName);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
    }
}
