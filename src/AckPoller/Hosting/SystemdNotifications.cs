using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Quartz;

namespace AckPoller.Hosting;

/// <summary>sd_notify(3) for `Type=notify`: READY=1 once every hosted service has started (the migrations ran, the
/// web listener is bound, the IDLE listeners were started) and the Quartz scheduler is running; STOPPING=1 when the stop
/// begins; and with WatchdogSec= a WATCHDOG=1 every half of the timeout, sent only while <see cref="IWorkerHealth"/>
/// says healthy, so systemd restarts a worker whose scheduler stopped or whose store became unwritable. STATUS= tells
/// `systemctl status` why pings stopped. A health check that takes longer than the interval counts as unhealthy.</summary>
internal sealed class SystemdNotifications : BackgroundService
{
    private static readonly ServiceState Ping = new("WATCHDOG=1");
    private readonly ISystemdNotifier _notifier;
    private readonly IWorkerHealth _health;
    private readonly ISchedulerFactory _schedulers;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly ILogger<SystemdNotifications> _logger;
    private readonly TimeSpan _interval;
    private CancellationTokenRegistration _onStopping;

    public SystemdNotifications(ServiceEnvironment environment, ISystemdNotifier notifier, IWorkerHealth health, ISchedulerFactory schedulers,
        IHostApplicationLifetime lifetime, TimeProvider time, ILogger<SystemdNotifications> logger)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _notifier = notifier;
        _health = health;
        _schedulers = schedulers;
        _lifetime = lifetime;
        _time = time;
        _logger = logger;
        _interval = (environment.WatchdogTimeout ?? TimeSpan.Zero) / 2;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (_notifier.IsEnabled)
        {
            _onStopping = _lifetime.ApplicationStopping.Register(() => _notifier.Notify(ServiceState.Stopping));
        }

        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _onStopping.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_notifier.IsEnabled || !await StartedAsync(stoppingToken))
        {
            return;
        }

        _notifier.Notify(ServiceState.Ready);
        _notifier.Notify(new ServiceState("STATUS=Running"));
        if (_interval <= TimeSpan.Zero)
        {
            return;
        }

        HostingLog.WatchdogEnabled(_logger, _interval);
        string? lastProblem = null;
        using var timer = new PeriodicTimer(_interval, _time);
        do
        {
            var problem = await CheckAsync(stoppingToken);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            if (problem is null)
            {
                if (lastProblem is not null)
                {
                    HostingLog.WatchdogHealthyAgain(_logger);
                    _notifier.Notify(new ServiceState("STATUS=Running"));
                }

                _notifier.Notify(Ping);
            }
            else if (problem != lastProblem)
            {
                HostingLog.WatchdogUnhealthy(_logger, problem);
                _notifier.Notify(new ServiceState("STATUS=Unhealthy: " + problem.ReplaceLineEndings(" ")));
            }

            lastProblem = problem;
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>The host started (every hosted service's StartAsync returned) and the scheduler, which Quartz may start
    /// just after that, runs. False when the stop came first.</summary>
    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
                // Quartz may start its scheduler just after the host's start: wait (briefly, in small steps) for it.
                var scheduler = await _schedulers.GetScheduler(stoppingToken);
                while (await scheduler.GetStatus(stoppingToken) != SchedulerStatus.Running)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), _time, stoppingToken);
                }

                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    private async Task<string?> CheckAsync(CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_interval);
        try
        {
            return (await _health.CheckAsync(timeout.Token)).Problem;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return $"the health check took longer than {_interval}";
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (Exception ex)
        {
            return "the health check failed: " + ex.Message;
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
