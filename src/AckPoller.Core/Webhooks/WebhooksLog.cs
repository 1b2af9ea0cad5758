using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Webhooks;

/// <summary>Log events of webhook deliveries: EventIds 1650–1699 (the README's event catalogue lists them).</summary>
internal static partial class WebhooksLog
{
    [LoggerMessage(EventId = 1650, Level = LogLevel.Warning, Message = "Webhook {Webhook} refused {Event}: {Reason}; the delivery is dead (redeliver with `ackpoller webhooks redeliver {Id}`)")]
    internal static partial void DeliveryRefused(ILogger logger, object? webhook, object? @event, object? reason, object? id);

    [LoggerMessage(EventId = 1651, Level = LogLevel.Warning, Message = "Webhook {Webhook} gave up on {Event} after {Attempts} attempts: {Reason}")]
    internal static partial void DeliveryGaveUp(ILogger logger, object? webhook, object? @event, object? attempts, object? reason);

    [LoggerMessage(EventId = 1652, Level = LogLevel.Information, Message = "Webhook {Webhook} attempt {Attempt} for {Event} failed: {Reason}; next at {Next}")]
    internal static partial void DeliveryAttemptFailed(ILogger logger, object? webhook, object? attempt, object? @event, object? reason, object? next);

    [LoggerMessage(EventId = 1653, Level = LogLevel.Error, Message = "Delivering webhooks failed; the next run tries again")]
    internal static partial void DeliveringFailed(ILogger logger, Exception exception);
}
