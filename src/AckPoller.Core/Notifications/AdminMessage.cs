namespace AckPoller.Core.Notifications;

/// <summary>A plain-text message for the admins.</summary>
public sealed record AdminMessage(string Subject, string Body);
