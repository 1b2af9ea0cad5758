namespace AckPoller.Core.Configuration;

/// <summary>How admins are told that an account needs sign-in: the backup SMTP channel and how often to repeat.</summary>
public sealed class NotificationOptions
{
}
