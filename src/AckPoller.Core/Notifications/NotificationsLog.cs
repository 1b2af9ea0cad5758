using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Notifications;

/// <summary>Log events of admin notifications: EventIds 1550–1599 (the README's event catalogue lists them).</summary>
internal static partial class NotificationsLog
{
    [LoggerMessage(EventId = 1550, Level = LogLevel.Warning, Message = "Admins cannot be notified: configure Notifications:Account or Notifications:SmtpServer and Notifications:AdminAddresses")]
    internal static partial void AdminsCannotNotifiedConfigureNotifications(ILogger logger);

    [LoggerMessage(EventId = 1551, Level = LogLevel.Information, Message = "Account {Account}: admins notified ({Topic}): {Subject}")]
    internal static partial void AdminsNotified(ILogger logger, string account, object? topic, object? subject);

    [LoggerMessage(EventId = 1552, Level = LogLevel.Debug, Message = "Admin notification sent through {Server} to {Count} recipients")]
    internal static partial void AdminNotificationSentThroughRecipients(ILogger logger, object? server, object? count);
}
