using System.Runtime.Versioning;
using AckPoller.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Hosting.WindowsServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Logging.EventLog;
using Microsoft.Extensions.Options;

namespace AckPoller.Integration.Tests.Hosting;

/// <summary>How `ackpoller run` reads its service manager from the environment, and what it registers for each: the
/// Windows Service registrations are checked here on any OS (no Windows machine runs the tests).</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class ServiceIntegrationTests
{
    private static Func<string, string?> Variables(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void No_notify_socket_and_no_systemd_parent_is_a_console_run()
    {
        Assert.Equal(ServiceManager.None, ServiceEnvironment.FromVariables(Variables(("WATCHDOG_USEC", "1000000")), 42, parentIsSystemd: false).Manager);
    }

    [Fact]
    public void A_systemd_parent_without_a_socket_gets_journald_logging_but_no_notifications()
    {
        var environment = ServiceEnvironment.FromVariables(Variables(), 42, parentIsSystemd: true);
        Assert.Equal((ServiceManager.Systemd, null, null), (environment.Manager, environment.NotifySocket, environment.WatchdogTimeout));
    }

    [Fact]
    public void Notify_socket_and_watchdog_for_this_process()
    {
        var environment = ServiceEnvironment.FromVariables(Variables(("NOTIFY_SOCKET", "/run/systemd/notify"), ("WATCHDOG_USEC", "30000000"), ("WATCHDOG_PID", "42")), 42, false);
        Assert.Equal((ServiceManager.Systemd, "/run/systemd/notify", TimeSpan.FromSeconds(30)), (environment.Manager, environment.NotifySocket, environment.WatchdogTimeout));
    }

    [Theory]
    [InlineData("30000000", "41")]
    [InlineData("0", "")]
    [InlineData("soon", "")]
    [InlineData("", "")]
    public void A_watchdog_for_another_process_or_without_a_valid_timeout_is_ignored(string usec, string pid)
    {
        var environment = ServiceEnvironment.FromVariables(Variables(("NOTIFY_SOCKET", "@sd"), ("WATCHDOG_USEC", usec), ("WATCHDOG_PID", pid)), 42, false);
        Assert.Equal((ServiceManager.Systemd, "@sd", null), (environment.Manager, environment.NotifySocket, environment.WatchdogTimeout));
    }

    [Fact]
    public void Under_systemd_with_a_socket_the_notifications_and_the_journald_format_are_registered()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole();
        builder.AddAckPollerServiceIntegration(new ServiceEnvironment { Manager = ServiceManager.Systemd, NotifySocket = "/run/n", WatchdogTimeout = TimeSpan.FromSeconds(10) });
        using var services = builder.Services.BuildServiceProvider();
        Assert.Equal(ConsoleFormatterNames.Systemd, services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName);
        Assert.True(services.GetRequiredService<IOptions<ConsoleLifetimeOptions>>().Value.SuppressStatusMessages);
        Assert.Contains(builder.Services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(SystemdNotifications));
        Assert.Contains(builder.Services, d => d.ServiceType == typeof(ISystemdNotifier) && d.ImplementationType == typeof(SystemdNotifier));
        Assert.Contains(builder.Services, d => d.ServiceType == typeof(IWorkerHealth) && d.ImplementationType == typeof(WorkerHealth));
    }

    [Fact]
    public void A_console_run_registers_no_service_lifetime_or_notifications_only_the_memory_release()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var before = builder.Services.Select(d => d.ServiceType).ToList();
        builder.AddAckPollerServiceIntegration(ServiceEnvironment.Console);
        Assert.Equal([.. before, typeof(ServiceEnvironment), typeof(IHostedService)], builder.Services.Select(d => d.ServiceType));
        Assert.Equal(typeof(MemoryRelease), builder.Services[^1].ImplementationType);
    }

    [Fact]
    [SupportedOSPlatform("windows")]
    public void The_windows_service_uses_the_service_lifetime_the_event_log_and_a_graceful_stop()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        ServiceIntegration.AddWindowsService(builder);
        Assert.Contains(builder.Services, d => d.ServiceType == typeof(IHostLifetime) && d.ImplementationType == typeof(WindowsServiceLifetime));
        Assert.Contains(builder.Services, d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(EventLogLoggerProvider));
        using var services = builder.Services.BuildServiceProvider();
        Assert.Equal("AckPoller", services.GetRequiredService<IOptions<WindowsServiceLifetimeOptions>>().Value.ServiceName);
        var eventLog = services.GetRequiredService<IOptions<EventLogSettings>>().Value;
        Assert.Equal(("AckPoller", "Application"), (eventLog.SourceName, eventLog.LogName));
        Assert.Equal(ServiceIntegration.ShutdownTimeout, services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        var filters = services.GetRequiredService<IOptions<LoggerFilterOptions>>().Value.Rules;
        Assert.Contains(filters, r => r.ProviderName == typeof(EventLogLoggerProvider).FullName && r.LogLevel == LogLevel.Warning);
    }
}
