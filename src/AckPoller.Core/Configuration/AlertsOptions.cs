namespace AckPoller.Core.Configuration;

/// <summary>Alert emails and confirmations: the domain for Message-IDs, the monitored reply address, footer, copies.
/// Section "Alerts". Everything has a default derived from the sending account, so a minimal configuration works.</summary>
public sealed class AlertsOptions
{
    public const string SectionName = "Alerts";

    /// <summary>The account whose SMTP server and credentials send alerts and confirmations (XOAUTH2 for OAuth accounts).
    /// Defaults to the first account with an SmtpServer.</summary>
    public string? SenderAccount { get; set; }

    /// <summary>The From address of alerts and confirmations; defaults to the sending account's mailbox (Postfix and
    /// Exchange refuse a From the login does not own).</summary>
    public string? FromAddress { get; set; }

    public string FromName { get; set; } = "AckPoller";

    /// <summary>The monitored mailbox replies go to (Reply-To of alert emails); defaults to the sending account's mailbox.</summary>
    public string? ReplyTo { get; set; }

    /// <summary>The domain of the Message-IDs AckPoller writes ("ap.XXXXXX.random@domain"); defaults to the From domain.</summary>
    public string? MessageIdDomain { get; set; }

    /// <summary>Copy the alert's recipients on confirmations, so the whole rota sees who acknowledged.</summary>
    public bool CopyRecipientsOnConfirmation { get; set; }

    /// <summary>Answer rejected replies (unauthorized, unmatched, bad snooze) with a short reply saying why.</summary>
    public bool SendRejectionReplies { get; set; } = true;

    /// <summary>What a human reply without a recognisable command does (issue: it acknowledges, as PA File Sight does).</summary>
    public AckAction DefaultAction { get; set; } = AckAction.Ack;

    /// <summary>The longest snooze accepted.</summary>
    public TimeSpan MaxSnooze { get; set; } = TimeSpan.FromDays(30);

    /// <summary>When a snooze ends the alert is reopened; true also emails its recipients a reminder (threaded under the alert).</summary>
    public bool RemindWhenSnoozeEnds { get; set; } = true;

    /// <summary>Send attempts per outbox message before it is marked dead.</summary>
    public int OutboxMaxAttempts { get; set; } = 10;

    /// <summary>The wait after the first transient failure; it doubles per attempt up to <see cref="OutboxRetryMaxDelay"/>.</summary>
    public TimeSpan OutboxRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan OutboxRetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Messages taken per <c>SendDueAsync</c> run.</summary>
    public int OutboxBatchSize { get; set; } = 100;

    /// <summary>The most recipients one alert may have (CLI and API refuse more). A server that limits recipients per
    /// SMTP transaction (452 4.5.3) gets the rest in further transactions.</summary>
    public int MaxRecipients { get; set; } = 100;

    /// <summary>The longest one outbox message may take to send (connect, authenticate, every transaction). A claimed
    /// message whose sender died is sent again after twice this (the claim lease): delivery is at least once.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>An extra PEM CA bundle trusted for the SMTP server (private CAs, the sandbox); empty for system roots only.</summary>
    public string? SmtpExtraCaFile { get; set; }
}
