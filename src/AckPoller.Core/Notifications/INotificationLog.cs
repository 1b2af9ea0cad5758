namespace AckPoller.Core.Notifications;

/// <summary>Remembers the last admin notification per account and topic, across restarts, so they are repeated at most
/// every Notifications:RepeatEvery.</summary>
public interface INotificationLog
{
    Task<NotificationRecord?> GetAsync(string account, string topic, CancellationToken cancellationToken);

    Task SaveAsync(NotificationRecord record, CancellationToken cancellationToken);
}
