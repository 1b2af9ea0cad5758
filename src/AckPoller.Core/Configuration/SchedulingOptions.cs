namespace AckPoller.Core.Configuration;

/// <summary>Section "Scheduling": the background jobs' schedules and how mail connections are made resilient.</summary>
public sealed class SchedulingOptions
{
    /// <summary>How often the outbox is checked for messages due to be sent.</summary>
    public TimeSpan OutboxInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often snoozed alerts whose time is up are reopened (and their recipients reminded).</summary>
    public TimeSpan SnoozeCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the OAuth keep-alive looks for refresh tokens to exercise (Auth:KeepAliveInterval decides which).</summary>
    public TimeSpan KeepAliveCheckInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How often client secrets and certificates are checked for coming expiry.</summary>
    public TimeSpan ExpiryCheckInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>While an account is paused (waiting for sign-in or a fix), at most one log line per this interval says so.</summary>
    public TimeSpan PausedLogInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A paused account whose problem may be fixed outside AckPoller (mailbox rights, a password) is tried again this often.</summary>
    public TimeSpan PausedRecheckInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Jobs that may run at once; 0 = one per account plus 4, so one slow account never delays another.</summary>
    public int MaxConcurrentJobs { get; set; }

    /// <summary>How long one mail connection attempt (connect, TLS, authenticate) may take.</summary>
    public TimeSpan MailConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one whole poll of one account may take before it is abandoned.</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Retries of a transient mail failure (connection refused, timeout, 4xx) within one attempt; permanent ones are never retried.</summary>
    public int MailRetries { get; set; } = 3;

    /// <summary>The first retry delay; later ones double, with jitter, up to <see cref="MailRetryMaxDelay"/>.</summary>
    public TimeSpan MailRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MailRetryMaxDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Transient failures against one server (within <see cref="CircuitSamplingDuration"/>) that open its circuit.</summary>
    public int CircuitFailureThreshold { get; set; } = 5;

    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an open circuit refuses calls to its server before one trial call is let through.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromMinutes(1);
}
