using AckPoller.Core.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace AckPoller.Core.Jobs;

/// <summary>Puts <see cref="EngineSchedule"/> into the Quartz scheduler at start-up (the scheduler itself is run by
/// Quartz's hosted service). The outbox job is scheduled only when an <see cref="IOutboxDispatcher"/> is registered.</summary>
public sealed class EngineScheduleInstaller : IHostedService
{
    private readonly ISchedulerFactory _schedulers;
    private readonly AckPollerOptions _options;
    private readonly IOutboxDispatcher? _outbox;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public EngineScheduleInstaller(ISchedulerFactory schedulers, AckPollerOptions options, TimeProvider time, ILogger<EngineScheduleInstaller> logger, IOutboxDispatcher? outbox = null)
    {
        _schedulers = schedulers;
        _options = options;
        _outbox = outbox;
        _time = time;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await _schedulers.GetScheduler(cancellationToken);
        if (_outbox is null)
        {
            JobsLog.NoOutboxSenderRegisteredConfirmations(_logger);
        }

        foreach (var scheduled in EngineSchedule.Build(_options, _time, withOutbox: _outbox is not null))
        {
            // Replace: with the clustered PostgreSQL job store the schedule outlives the process and other nodes install it too.
            await scheduler.ScheduleJob(scheduled.Job, scheduled.Trigger, new ScheduleJobOptions { Replace = true }, cancellationToken);
        }

        foreach (var account in _options.Accounts)
        {
            JobsLog.Polled(_logger, account.Name, string.IsNullOrWhiteSpace(account.Polling.Cron) ? $"every {account.Polling.Interval}" : $"on cron '{account.Polling.Cron}'", account.Protocol == MailProtocol.Imap && account.Polling.Idle ? ", with IMAP IDLE where the server offers it" : string.Empty);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
