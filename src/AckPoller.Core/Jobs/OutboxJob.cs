using Microsoft.Extensions.Logging;
using Quartz;

namespace AckPoller.Core.Jobs;

/// <summary>Sends what is due in the outbox.</summary>
[DisallowConcurrentExecution]
public sealed class OutboxJob : IJob
{
    private readonly IOutboxDispatcher _outbox;
    private readonly ILogger _logger;

    public OutboxJob(IOutboxDispatcher outbox, ILogger<OutboxJob> logger)
    {
        _outbox = outbox;
        _logger = logger;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await _outbox.SendDueAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            JobsLog.OutboxSendingDueMessagesFailed(_logger, ex);
        }
    }
}
