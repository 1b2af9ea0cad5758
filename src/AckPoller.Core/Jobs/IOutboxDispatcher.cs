namespace AckPoller.Core.Jobs;

/// <summary>Sends the outbox messages that are due (confirmations, rejections, alerts), with their retries. The outbox
/// job calls it; the store's OutboxSender implements it (registered by the host when present).</summary>
public interface IOutboxDispatcher
{
    Task SendDueAsync(CancellationToken cancellationToken);
}
