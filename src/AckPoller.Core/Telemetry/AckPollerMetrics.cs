using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AckPoller.Core.Telemetry;

/// <summary>The one Meter "AckPoller" and its instruments. The instrument names are the Prometheus names (a contract that
/// the shipped dashboard, alert rules and outside checks rely on; the README lists them). Labels are bounded: account
/// names, server host:port and auth kinds come from the configuration, every other label value is one of the fixed words
/// in <see cref="TelemetryValues"/>; never a message id, an address or free error text.</summary>
internal static class AckPollerMetrics
{
    public const string MeterName = "AckPoller";

    public static readonly Meter Meter = new(MeterName, typeof(AckPollerMetrics).Assembly.GetName().Version?.ToString(3));

    private static readonly double[] LatencyBuckets = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200];
    private static readonly double[] DurationBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
    private static readonly double[] DatabaseBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];

    public static readonly Counter<long> Replies = Meter.CreateCounter<long>("ackpoller_replies_total", null,
        "Replies recorded, by account and outcome (applied, rejected, ignored, malformed); a re-fetched message is not counted again.");

    public static readonly Histogram<double> AckLatency = Meter.CreateHistogram("ackpoller_ack_latency_seconds", "s",
        "From a reply's arrival at the mailbox (IMAP INTERNALDATE, POP3 Date) to its acknowledgement being recorded (applied replies).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    public static readonly Counter<long> Polls = Meter.CreateCounter<long>("ackpoller_polls_total", null,
        "Polls of a reply mailbox by account and result (ok, failed, auth_failed, circuit_open, skipped).");

    public static readonly Histogram<double> PollDuration = Meter.CreateHistogram("ackpoller_poll_duration_seconds", "s",
        "Duration of one poll of one account (connect, fetch, process, settle), by account and result.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    public static readonly Counter<long> IdleEvents = Meter.CreateCounter<long>("ackpoller_idle_events_total", null,
        "IMAP IDLE events by account and event (connected, disconnected, idling: entered or renewed IDLE).");

    public static readonly Counter<long> TokenAcquisitions = Meter.CreateCounter<long>("ackpoller_token_acquisitions_total", null,
        "Credentials obtained for a mail connection, by account and auth kind (password, access_token, delegated_authorization_code, delegated_device_code, client_credentials).");

    public static readonly Counter<long> TokenFailures = Meter.CreateCounter<long>("ackpoller_token_failures_total", null,
        "Failed credential acquisitions by account, auth kind and the auth state they led to.");

    public static readonly Counter<long> OutboxSends = Meter.CreateCounter<long>("ackpoller_outbox_sends_total", null,
        "Outbox send attempts by message kind and result (sent, retry, dead, paused).");

    public static readonly Counter<long> OutboxDead = Meter.CreateCounter<long>("ackpoller_outbox_dead_total", null,
        "Outbox messages given up (marked dead) by message kind.");

    public static readonly Histogram<double> SmtpSendDuration = Meter.CreateHistogram("ackpoller_smtp_send_duration_seconds", "s",
        "Duration of one SMTP transaction of the outbox (MAIL FROM to the end of DATA), by result.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    public static readonly Histogram<double> DatabaseDuration = Meter.CreateHistogram("ackpoller_db_operation_duration_seconds", "s",
        "Duration of database operations by operation (begin: open and take the write lock, commit).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DatabaseBuckets });

    static AckPollerMetrics()
    {
        Meter.CreateObservableGauge("ackpoller_account_auth_state", TelemetryState.AuthStates, null,
            "1 for the account's current auth state, 0 for the others.");
        Meter.CreateObservableGauge("ackpoller_account_auth_state_seconds", TelemetryState.AuthStateAges, "s",
            "Seconds the account has been in its current auth state.");
        Meter.CreateObservableGauge("ackpoller_idle_connected", TelemetryState.IdleConnections, null,
            "1 while an IMAP IDLE connection is open for the account, 0 otherwise (IDLE accounts only).");
        Meter.CreateObservableGauge("ackpoller_outbox_messages", TelemetryState.OutboxCounts, null,
            "Outbox messages by state (pending, sent, dead).");
        Meter.CreateObservableGauge("ackpoller_outbox_oldest_due_seconds", TelemetryState.OutboxOldestDue, "s",
            "Age of the oldest pending outbox message that is due to be sent (0 when none is due).");
        Meter.CreateObservableGauge("ackpoller_circuit_breaker_state", TelemetryState.Circuits, null,
            "Circuit breaker per server and purpose: 0 closed, 1 open, 2 half-open.");
        Meter.CreateObservableGauge("ackpoller_last_successful_poll_timestamp_seconds", TelemetryState.LastSuccessfulPolls, "s",
            "Unix time of the account's last successful poll (the process start until the first one).");
        Meter.CreateObservableGauge("ackpoller_poll_interval_seconds", TelemetryState.PollIntervals, "s",
            "The account's configured poll interval (for alert rules; cron schedules report 0).");
        Meter.CreateObservableGauge("ackpoller_start_time_seconds", () => TelemetryState.StartTime.ToUnixTimeMilliseconds() / 1000.0, "s",
            "Unix time the process started.");
    }

    /// <summary>Touching this makes sure the observable gauges are registered (the static constructor runs).</summary>
    public static void EnsureRegistered() => _ = Meter.Name;

    public static void ReplyRecorded(string account, string outcome) =>
        Replies.Add(1, new TagList { { "account", account }, { "outcome", outcome } });

    public static void AckRecorded(string account, TimeSpan latency) =>
        AckLatency.Record(Math.Max(0, latency.TotalSeconds), new TagList { { "account", account } });

    public static void PollFinished(string account, string result, TimeSpan duration, DateTimeOffset at)
    {
        var tags = new TagList { { "account", account }, { "result", result } };
        Polls.Add(1, tags);
        if (result != TelemetryValues.Skipped)
        {
            PollDuration.Record(duration.TotalSeconds, tags);
        }

        if (result == TelemetryValues.Ok)
        {
            TelemetryState.PollSucceeded(account, at);
        }
    }

    public static void Idle(string account, string @event) =>
        IdleEvents.Add(1, new TagList { { "account", account }, { "event", @event } });

    public static void TokenAcquired(string account, string kind) =>
        TokenAcquisitions.Add(1, new TagList { { "account", account }, { "kind", kind } });

    public static void TokenFailed(string account, string kind, string state) =>
        TokenFailures.Add(1, new TagList { { "account", account }, { "kind", kind }, { "state", state } });

    public static void OutboxSend(string kind, string result)
    {
        OutboxSends.Add(1, new TagList { { "kind", kind }, { "result", result } });
        if (result == TelemetryValues.Dead)
        {
            OutboxDead.Add(1, new TagList { { "kind", kind } });
        }
    }

    public static void SmtpSent(string result, TimeSpan duration) =>
        SmtpSendDuration.Record(duration.TotalSeconds, new TagList { { "result", result } });

    public static void Database(string operation, TimeSpan duration) =>
        DatabaseDuration.Record(duration.TotalSeconds, new TagList { { "operation", operation } });

    /// <summary>Elapsed time since <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public static TimeSpan Since(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp);
}
