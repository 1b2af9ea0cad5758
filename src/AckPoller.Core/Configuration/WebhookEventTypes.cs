namespace AckPoller.Core.Configuration;

/// <summary>The event types webhooks receive: one per ack-log row (by its outcome and what it did) and one per alert raised.</summary>
internal static class WebhookEventTypes
{
    public const string AckApplied = "ack.applied";
    public const string AckRejected = "ack.rejected";
    public const string AckIgnored = "ack.ignored";
    public const string AlertRaised = "alert.raised";
    public const string AlertResolved = "alert.resolved";
    public const string AlertReopened = "alert.reopened";

    public static IReadOnlyList<string> All { get; } = [AckApplied, AckRejected, AckIgnored, AlertRaised, AlertResolved, AlertReopened];
}
