namespace AckPoller.Core.Notifications;

/// <summary>When the admins were last told about one topic of one account, and what it said (e.g. the state).</summary>
public sealed record NotificationRecord(string Account, string Topic, string Condition, DateTimeOffset NotifiedAt);
