using AckPoller.Core.Storage;
using System.Diagnostics;
using System.Security.Cryptography;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Outbox;

/// <summary>Sends the outbox's due messages over one SMTP session (reopened if it breaks). Each message is claimed first
/// (so two senders never send the same one), then marked sent, scheduled for a retry with exponential backoff on a
/// transient failure, or marked dead with the reason on a permanent one or after Alerts:OutboxMaxAttempts. One
/// message's failure never stops the others; only a sign-in problem of the sending account ends the run early.</summary>
public sealed class OutboxSender
{
    /// <summary>How long a claimed message is left alone if this process dies while sending it: twice
    /// Alerts:SendTimeout, which bounds every send. A message whose sender died mid-send goes out again after this
    /// (same Message-ID): delivery is at least once.</summary>
    public TimeSpan ClaimLease => _options.SendTimeout * 2;

    private readonly IOutboxStore _store;
    private readonly IOutboxTransport _transport;
    private readonly AlertsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public OutboxSender(IOutboxStore store, IOutboxTransport transport, AlertsOptions options, TimeProvider time, ILogger<OutboxSender> logger)
    {
        _store = store;
        _transport = transport;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public async Task<OutboxSendResult> SendDueAsync(CancellationToken cancellationToken)
    {
        var due = await _store.GetDueAsync(_time.GetUtcNow(), _options.OutboxBatchSize, cancellationToken);
        int sent = 0, retried = 0, dead = 0;
        IOutboxConnection? connection = null;
        using var run = due.Count > 0 ? AckPollerTracing.StartRoot("ackpoller.outbox")?.SetTag(AckPollerTracing.CountAttribute, due.Count) : null;
        try
        {
            foreach (var message in due)
            {
                var now = _time.GetUtcNow();
                if (!await _store.TryClaimAsync(message.Id, now, now + ClaimLease, cancellationToken))
                {
                    continue;
                }

                var kind = TelemetryValues.Of(message.Kind);
                using var span = AckPollerTracing.StartSend(message.MessageId, kind);
                var attempts = message.Attempts + 1;
                OutboxFailure? failure = null;
                Mail.Smtp.SmtpSendResult? result = null;
                var connecting = false;
                long? sendStarted = null;
                try
                {
                    if (connection is not { IsUsable: true })
                    {
                        await DisposeAsync(connection);
                        connection = null;
                        connecting = true;
                        connection = await _transport.OpenAsync(cancellationToken);
                        connecting = false;
                    }

                    sendStarted = Stopwatch.GetTimestamp();
                    using var timeout = new CancellationTokenSource(_options.SendTimeout, _time);
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
                    try
                    {
                        result = await SendInTransactionsAsync(connection, message, linked.Token);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new TimeoutException($"sending took longer than Alerts:SendTimeout ({_options.SendTimeout}).");
                    }
                    AckPollerMetrics.SmtpSent(TelemetryValues.Sent, AckPollerMetrics.Since(sendStarted.Value));
                }
                catch (Exception ex) when (ex is AccountAuthException or OutboxUnavailableException)
                {
                    // Not this message's fault: give it back untouched and wait for sign-in / configuration.
                    AckPollerMetrics.OutboxSend(kind, TelemetryValues.Paused);
                    span?.SetTag(AckPollerTracing.ResultAttribute, TelemetryValues.Paused);
                    await _store.ScheduleRetryAsync(message.Id, message.Attempts, now, message.LastError ?? ex.Message, now, cancellationToken);
                    OutboxLog.OutboxPaused(_logger, ex.Message);
                    return new OutboxSendResult(sent, retried, dead) { StoppedBecause = ex.Message };
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    failure = OutboxFailure.Classify(ex);
                    AckPollerTracing.Fail(span, ex);
                    if (sendStarted is { } started)
                    {
                        AckPollerMetrics.SmtpSent(TelemetryValues.Failed, AckPollerMetrics.Since(started));
                    }
                }

                if (result is not null)
                {
                    var refused = result.RejectedRecipients.Count == 0
                        ? null
                        : "refused recipients: " + string.Join("; ", result.RejectedRecipients.Select(r => $"{r.Address} ({r.ServerResponse})"));
                    await _store.MarkSentAsync(message.Id, _time.GetUtcNow(), attempts, refused, cancellationToken);
                    sent++;
                    AckPollerMetrics.OutboxSend(kind, TelemetryValues.Sent);
                    span?.SetTag(AckPollerTracing.ResultAttribute, TelemetryValues.Sent);
                    OutboxLog.SentOutbox(_logger, message.Kind, message.MessageId, message.Id, string.Join(", ", result.AcceptedRecipients), refused is null ? string.Empty : "; " + refused);
                    continue;
                }

                if (failure!.DropConnection)
                {
                    await DisposeAsync(connection);
                    connection = null;
                }

                if (failure.Permanent || attempts >= _options.OutboxMaxAttempts)
                {
                    var reason = failure.Permanent ? failure.Reason : $"gave up after {attempts} attempts: {failure.Reason}";
                    await _store.MarkDeadAsync(message.Id, attempts, reason, _time.GetUtcNow(), cancellationToken);
                    dead++;
                    AckPollerMetrics.OutboxSend(kind, TelemetryValues.Dead);
                    span?.SetTag(AckPollerTracing.ResultAttribute, TelemetryValues.Dead);
                    OutboxLog.OutboxDead(_logger, message.Id, message.Kind, message.MessageId, reason);
                }
                else
                {
                    var next = _time.GetUtcNow() + Backoff(attempts);
                    await _store.ScheduleRetryAsync(message.Id, attempts, next, failure.Reason, _time.GetUtcNow(), cancellationToken);
                    retried++;
                    AckPollerMetrics.OutboxSend(kind, TelemetryValues.Retry);
                    span?.SetTag(AckPollerTracing.ResultAttribute, TelemetryValues.Retry);
                    OutboxLog.OutboxFailedAttemptRetrying(_logger, message.Id, message.Kind, attempts, next, failure.Reason);
                }

                if (connecting)
                {
                    // The server cannot be reached: the rest would only wait for the same timeout. They stay due.
                    return new OutboxSendResult(sent, retried, dead) { StoppedBecause = "cannot connect: " + failure.Reason };
                }
            }
        }
        finally
        {
            await DisposeAsync(connection);
        }

        return new OutboxSendResult(sent, retried, dead);
    }

    /// <summary>Sends to the recipients not yet recorded as delivered. When the server limits recipients per transaction
    /// (452 / 4.5.3 at RCPT TO after accepting some), the accepted ones get the message, are recorded, and the rest go in
    /// further transactions on the same connection (RFC 5321 §4.5.3.1.10).</summary>
    private async Task<Mail.Smtp.SmtpSendResult> SendInTransactionsAsync(IOutboxConnection connection, OutboxMessage message, CancellationToken cancellationToken)
    {
        var delivered = await _store.DeliveredAsync(message.Id, cancellationToken);
        var remaining = message.Recipients.Where(r => !delivered.Contains(r)).ToList();
        var accepted = message.Recipients.Where(delivered.Contains).ToList();
        var rejected = new List<Mail.Smtp.SmtpRecipientRejection>();
        var response = "250 already delivered to every recipient";
        var transactions = 0;
        while (remaining.Count > 0)
        {
            var result = await connection.SendAsync(remaining, message.Raw, cancellationToken);
            transactions++;
            response = result.ServerResponse;
            accepted.AddRange(result.AcceptedRecipients);
            var later = result.AcceptedRecipients.Count > 0 ? result.RejectedRecipients.Where(IsTooManyRecipients).Select(r => r.Address).ToList() : [];
            rejected.AddRange(result.RejectedRecipients.Where(r => !later.Contains(r.Address)));
            if (later.Count == 0 && transactions == 1)
            {
                break;
            }

            await _store.RecordDeliveredAsync(message.Id, result.AcceptedRecipients, _time.GetUtcNow(), cancellationToken);
            if (later.Count > 0)
            {
                OutboxLog.OutboxRecipientsSplit(_logger, message.Id, result.AcceptedRecipients.Count, later.Count);
            }

            remaining = later;
        }

        return new Mail.Smtp.SmtpSendResult(accepted, rejected, response);
    }

    /// <summary>452 at RCPT TO ("too many recipients", enhanced 4.5.3): the rest must go in another transaction.</summary>
    private static bool IsTooManyRecipients(Mail.Smtp.SmtpRecipientRejection rejection) =>
        rejection.EnhancedStatusCode == "4.5.3" || (rejection.StatusCode == 452 && rejection.EnhancedStatusCode is null or "4.5.3");

    /// <summary>Base × 2^(attempt-1), capped, plus up to 10 % jitter so many messages failing together do not retry in step.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var baseTicks = (double)_options.OutboxRetryBaseDelay.Ticks * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var capped = Math.Min(baseTicks, _options.OutboxRetryMaxDelay.Ticks);
        var jitter = capped * RandomNumberGenerator.GetInt32(0, 1001) / 10_000.0;
        return TimeSpan.FromTicks((long)(capped + jitter));
    }

    private async Task DisposeAsync(IOutboxConnection? connection)
    {
        if (connection is null)
        {
            return;
        }

        try
        {
            await connection.DisposeAsync();
        }
        catch (Exception ex)
        {
            OutboxLog.ClosingSMTPConnectionFailed(_logger, ex);
        }
    }
}
