using System.Globalization;
using System.Text.Json;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;

namespace AckPoller.Core.Webhooks;

/// <summary>The JSON an event is delivered as (Standard Webhooks' recommended envelope: type, timestamp, data).</summary>
internal static class WebhookPayload
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = false };

    public static string TypeOf(AckLogEntry entry) => entry.Outcome switch
    {
        AckOutcome.Rejected => WebhookEventTypes.AckRejected,
        AckOutcome.Ignored => WebhookEventTypes.AckIgnored,
        _ => entry.Action switch
        {
            AckAction.Resolve => WebhookEventTypes.AlertResolved,
            AckAction.Unack or null => WebhookEventTypes.AlertReopened,
            _ => WebhookEventTypes.AckApplied,
        },
    };

    public static string EventId(AckLogEntry entry) => string.Create(CultureInfo.InvariantCulture, $"msg_log{entry.Id}_{entry.ProcessedAt.UtcTicks}");

    public static string EventId(Alert alert) => string.Create(CultureInfo.InvariantCulture, $"msg_alert{alert.Id}_{alert.CreatedAt.UtcTicks}");

    public static string For(AckLogEntry entry) => Serialize(TypeOf(entry), entry.ProcessedAt, new
    {
        log_id = entry.Id,
        alert_reference = entry.AlertReference?.ToString(),
        action = entry.Action?.ToString().ToLowerInvariant(),
        argument = entry.Argument,
        actor = new { address = entry.ActorAddress, name = entry.ActorName },
        comment = entry.Comment,
        outcome = entry.Outcome.ToString().ToLowerInvariant(),
        reason = entry.Reason,
        account = entry.Account,
        received_at = entry.ReceivedAt,
        processed_at = entry.ProcessedAt,
    });

    public static string For(Alert alert) => Serialize(WebhookEventTypes.AlertRaised, alert.CreatedAt, new
    {
        alert_reference = alert.Reference.ToString(),
        subject = alert.Subject,
        severity = alert.Severity,
        source = alert.Source,
        recipients = alert.Recipients,
        message_id = alert.MessageId,
        created_at = alert.CreatedAt,
    });

    private static string Serialize(string type, DateTimeOffset at, object data) =>
        JsonSerializer.Serialize(new { type, timestamp = at.ToUniversalTime(), data }, Json);
}
