using AckPoller.Core.Alerts;

namespace AckPoller.Core.Webhooks;

public enum WebhookDeliveryState
{
    Pending,
    Delivered,
    Dead,
}

/// <summary>One event for one webhook: its signed payload and where its delivery stands.</summary>
public sealed record WebhookDelivery
{
    public long Id { get; init; }

    public required string Webhook { get; init; }

    /// <summary>The webhook-id header: the same on every attempt and redelivery, so receivers can drop duplicates.</summary>
    public required string EventId { get; init; }

    public required string EventType { get; init; }

    public string? AlertReference { get; init; }

    public required string Payload { get; init; }

    public WebhookDeliveryState State { get; init; }

    public int Attempts { get; init; }

    public DateTimeOffset NextAttemptAt { get; init; }

    public int? LastStatus { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }
}

/// <summary>Ack-log rows and alerts not yet turned into deliveries, and the positions to store once they are.</summary>
public sealed record NewWebhookEvents(IReadOnlyList<AckLogEntry> Log, IReadOnlyList<Alert> Alerts, long LogCursor, long AlertCursor);

/// <summary>The webhook outbox. Events come from the append-only ack log and the alerts table, read after stored
/// cursors; the deliveries they make and the cursors' move are one transaction, so no event is lost or made twice.</summary>
public interface IWebhookDeliveryStore
{
    /// <summary>Up to <paramref name="limit"/> rows of each after the cursors; a missing cursor starts at the end (history is not replayed).</summary>
    Task<NewWebhookEvents> NewEventsAsync(int limit, CancellationToken cancellationToken);

    Task EnqueueAsync(IReadOnlyList<WebhookDelivery> deliveries, long logCursor, long alertCursor, CancellationToken cancellationToken);

    /// <summary>Pending deliveries, due or not, oldest first (a sender keeps each alert's events in order).</summary>
    Task<IReadOnlyList<WebhookDelivery>> PendingAsync(int limit, CancellationToken cancellationToken);

    Task UpdateAsync(WebhookDelivery delivery, CancellationToken cancellationToken);

    Task<IReadOnlyList<WebhookDelivery>> ListAsync(WebhookDeliveryState? state, string? webhook, int limit, CancellationToken cancellationToken);

    Task<WebhookDelivery?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>Makes a delivered or dead delivery pending again, due now; false when there is none with that id.</summary>
    Task<bool> RedeliverAsync(long id, DateTimeOffset now, CancellationToken cancellationToken);
}
