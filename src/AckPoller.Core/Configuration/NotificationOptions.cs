namespace AckPoller.Core.Configuration;

/// <summary>Section "Notifications": how admins are told that an account needs sign-in (or a credential expires), through a
/// backup SMTP channel that does not depend on the account that failed.</summary>
public sealed class NotificationOptions
{
    /// <summary>Who is told; when empty, Auth:AdminAddresses is used.</summary>
    public IList<string> AdminAddresses { get; } = [];

    /// <summary>The same problem of the same account is notified again at most this often.</summary>
    public TimeSpan RepeatEvery { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Send through this configured account's SmtpServer and credentials (another account than the one that failed).</summary>
    public string? Account { get; set; }

    /// <summary>Or a separate server with basic auth: smtp://host:587 (STARTTLS) or smtps://host:465.</summary>
    public string? SmtpServer { get; set; }

    /// <summary>The login name for <see cref="SmtpServer"/>.</summary>
    public string? UserName { get; set; }

    /// <summary>The environment variable holding the password for <see cref="SmtpServer"/>.</summary>
    public string? PasswordEnv { get; set; }

    /// <summary>Or a file whose trimmed content is the password.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>The sender address; defaults to <see cref="UserName"/> or the account's mailbox.</summary>
    public string? From { get; set; }

    /// <summary>True when a channel is configured.</summary>
    public bool HasChannel => !string.IsNullOrWhiteSpace(Account) || !string.IsNullOrWhiteSpace(SmtpServer);

    public IList<string> EffectiveAdmins(AuthOptions auth) => AdminAddresses.Count > 0 ? AdminAddresses : auth.AdminAddresses;
}
