using AckPoller.Core.Alerts;
using Microsoft.Extensions.Logging;
using Quartz;

namespace AckPoller.Core.Jobs;

/// <summary>Reopens snoozed alerts whose time is up (every Scheduling:SnoozeCheckInterval).</summary>
[DisallowConcurrentExecution]
public sealed class SnoozeExpiryJob : IJob
{
    private readonly SnoozeExpiry _expiry;
    private readonly ILogger _logger;

    public SnoozeExpiryJob(SnoozeExpiry expiry, ILogger<SnoozeExpiryJob> logger)
    {
        _expiry = expiry;
        _logger = logger;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await _expiry.ReopenEndedAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            JobsLog.ReopeningAlertsWhoseSnoozeEnded(_logger, ex);
        }
    }
}
