using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;
using AckPoller.Core.Storage;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Alerts;

/// <summary>Reopens snoozed alerts whose time is up. Each reopening is one transaction: the alert back to Open, a line in
/// the acknowledgement log, and (Alerts:RemindWhenSnoozeEnds) a reminder to the alert's recipients in the outbox. The
/// state is read again inside the transaction, so a reply that acted on the alert meanwhile wins.</summary>
public sealed class SnoozeExpiry
{
    /// <summary>The account and protocol the log shows for changes AckPoller made by itself rather than for a reply.</summary>
    public const string SystemAccount = "ackpoller";
    public const string SystemProtocol = "schedule";
    private const int BatchSize = 200;

    private readonly IAlertStore _alerts;
    private readonly IUnitOfWorkFactory _transactions;
    private readonly AlertEmailComposer _composer;
    private readonly AlertsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public SnoozeExpiry(IAlertStore alerts, IUnitOfWorkFactory transactions, AlertEmailComposer composer, AlertsOptions options, TimeProvider time, ILogger<SnoozeExpiry> logger)
    {
        _alerts = alerts;
        _transactions = transactions;
        _composer = composer;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Reopens every alert whose snooze has ended; returns how many were reopened.</summary>
    public async Task<int> ReopenEndedAsync(CancellationToken cancellationToken)
    {
        var reopened = 0;
        while (true)
        {
            var now = _time.GetUtcNow();
            var due = await _alerts.ListSnoozeEndedAsync(now, BatchSize, cancellationToken);
            var batch = 0;
            foreach (var alert in due)
            {
                if (await ReopenAsync(alert.Id, now, cancellationToken))
                {
                    batch++;
                }
            }

            reopened += batch;
            if (due.Count < BatchSize || batch == 0)
            {
                return reopened;
            }
        }
    }

    private async Task<bool> ReopenAsync(long alertId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var work = await _transactions.BeginAsync(cancellationToken);
        var alert = await work.FindAlertAsync(alertId, cancellationToken);
        if (alert is not { State: AlertState.Snoozed, SnoozedUntil: { } until } || until > now)
        {
            return false;
        }

        await work.UpdateAlertStateAsync(alert with { State = AlertState.Open, SnoozedUntil = null, UpdatedAt = now }, cancellationToken);
        var remind = _options.RemindWhenSnoozeEnds && alert.Recipients.Count > 0;
        await work.AppendAckLogAsync(new AckLogEntry
        {
            AlertId = alert.Id,
            AlertReference = alert.Reference,
            ReceivedAt = until,
            ProcessedAt = now,
            Account = SystemAccount,
            Protocol = SystemProtocol,
            MessageKey = $"snooze-ended:{alert.Id}:{until.UtcTicks}",
            Outcome = AckOutcome.Applied,
            Reason = remind
                ? $"snooze ended at {AckText.Time(until)}: reopened; recipients reminded"
                : $"snooze ended at {AckText.Time(until)}: reopened",
        }, cancellationToken);
        if (remind)
        {
            var email = _composer.ComposeSnoozeEnded(alert, until);
            await work.EnqueueOutboxAsync(new OutboxMessage
            {
                Kind = OutboxKind.Alert,
                AlertId = alert.Id,
                Recipients = alert.Recipients,
                MessageId = email.MessageId,
                Raw = email.Bytes,
                CreatedAt = now,
                NextAttemptAt = now,
            }, cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
        AlertsLog.SnoozeEndedReopened(_logger, alert.Reference, until, remind ? " and recipients reminded" : string.Empty);
        return true;
    }
}
