namespace AckPoller.Core.Notifications;

/// <summary>Delivers a message to the admins (the backup SMTP channel).</summary>
public interface IAdminNotificationChannel
{
    Task SendAsync(IReadOnlyList<string> recipients, AdminMessage message, CancellationToken cancellationToken);
}
