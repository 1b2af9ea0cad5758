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
            _logger.LogWarning("Outbox: stopped early: {Reason} ({Sent} sent, {Retried} to retry, {Dead} dead)", result.StoppedBecause, result.Sent, result.Retried, result.Dead);
        }
        else if (result.Sent + result.Retried + result.Dead > 0)
        {
            _logger.LogInformation("Outbox: {Sent} sent, {Retried} to retry, {Dead} dead", result.Sent, result.Retried, result.Dead);
        }
    }
}
