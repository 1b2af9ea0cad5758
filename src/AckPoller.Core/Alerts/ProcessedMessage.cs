namespace AckPoller.Core.Alerts;

/// <summary>A message of an account that was handled for good; its key is never acted on again.</summary>
public sealed record ProcessedMessage(string Account, string MessageKey, string? MessageId, AckOutcome Outcome, string Reason, long? AlertId, DateTimeOffset ProcessedAt);
