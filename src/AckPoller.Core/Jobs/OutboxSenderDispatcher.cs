using AckPoller.Core.Outbox;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Jobs;

/// <summary>The outbox job's view of the store's <see cref="OutboxSender"/>: one run, its result logged.</summary>
public sealed class OutboxSenderDispatcher : IOutboxDispatcher
{
    private readonly OutboxSender _sender;
    private readonly ILogger _logger;

    public OutboxSenderDispatcher(OutboxSender sender, ILogger<OutboxSenderDispatcher> logger)
    {
        _sender = sender;
        _logger = logger;
    }

    public async Task SendDueAsync(CancellationToken cancellationToken)
    {
        var result = await _sender.SendDueAsync(cancellationToken);
        if (result.StoppedBecause is not null)
        {
            JobsLog.OutboxStoppedEarlySentRetry(_logger, result.StoppedBecause, result.Sent, result.Retried, result.Dead);
        }
        else if (result.Sent + result.Retried + result.Dead > 0)
        {
            JobsLog.OutboxRun(_logger, result.Sent, result.Retried, result.Dead);
        }
    }
}
