namespace AckPoller.Core.Configuration;

/// <summary>Per account ("Accounts:N:Polling"): when its mailbox is polled, and whether IMAP IDLE is used in between.</summary>
public sealed class AccountPollingOptions
{
    /// <summary>How often the mailbox is polled when <see cref="Cron"/> is not set.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A Quartz cron expression (six or seven fields, e.g. "0 0/5 * * * ?"); replaces <see cref="Interval"/>.</summary>
    public string? Cron { get; set; }

    /// <summary>Keep an IMAP connection in IDLE so a reply is picked up within about a second (where the server offers IDLE).</summary>
    public bool Idle { get; set; } = true;

    /// <summary>The folder watched with IDLE.</summary>
    public string IdleFolder { get; set; } = "INBOX";

    /// <summary>IDLE is ended and re-issued after this long (RFC 2177: servers may drop a client idle for 30 minutes).</summary>
    public TimeSpan IdleRenewal { get; set; } = TimeSpan.FromMinutes(25);

    /// <summary>After this many IDLE failures in a row, IDLE is given up for <see cref="IdleFallbackPeriod"/> and the
    /// account relies on polling alone.</summary>
    public int IdleFailuresBeforeFallback { get; set; } = 5;

    /// <summary>How long the account relies on polling alone before IDLE is tried again.</summary>
    public TimeSpan IdleFallbackPeriod { get; set; } = TimeSpan.FromMinutes(15);
}
