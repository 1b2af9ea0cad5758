using System.Diagnostics;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;
using AckPoller.Core.Replies;
using AckPoller.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Processing;

/// <summary>Records one reply in ONE transaction: processed-message row (the exactly-once guard), acknowledgement-log row,
/// the alert's new state and the answer in the outbox. A key seen before returns its first outcome and changes nothing.
/// If any write fails, nothing is kept, so the reply is simply processed again on the next poll.</summary>
public sealed class AckRecorder : IAckRecorder
{
    private readonly IUnitOfWorkFactory _transactions;
    private readonly AckReplyComposer _composer;
    private readonly AlertsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AckRecorder(IUnitOfWorkFactory transactions, AckReplyComposer composer, AlertsOptions options, TimeProvider time, ILogger<AckRecorder> logger)
    {
        _transactions = transactions;
        _composer = composer;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public async Task<AckRecordResult> RecordAsync(IncomingReply reply, ReplyAnalysis analysis, SenderDecision? decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(analysis);
        var now = _time.GetUtcNow();
        await using var work = await _transactions.BeginAsync(cancellationToken);

        var previous = await work.FindProcessedAsync(reply.Account, reply.MessageKey, cancellationToken);
        if (previous is not null)
        {
            var earlierAlert = previous.AlertId is { } id ? await work.FindAlertAsync(id, cancellationToken) : null;
            return new AckRecordResult(previous.Outcome, previous.Reason, earlierAlert, AlreadyProcessed: true);
        }

        var alert = await CurrentAlertAsync(work, analysis, cancellationToken);
        var decided = AckDecider.Decide(analysis, decision, alert, _options, now);
        var comment = AckDecider.CommentOf(analysis, decided.Action);
        var resulting = decided.UpdatedAlert ?? alert;
        var (answer, reason) = Answer(decided, analysis, resulting, comment);

        if (decided.UpdatedAlert is not null)
        {
            await work.UpdateAlertStateAsync(decided.UpdatedAlert, cancellationToken);
        }

        await work.AppendAckLogAsync(new AckLogEntry
        {
            AlertId = alert?.Id,
            AlertReference = alert?.Reference ?? analysis.AlertReference,
            Action = decided.Action,
            Argument = analysis.Argument,
            ActorAddress = analysis.From,
            ActorName = analysis.FromName,
            ReceivedAt = reply.ReceivedAt,
            ProcessedAt = now,
            SourceMessageId = analysis.MessageId,
            Account = reply.Account,
            Protocol = reply.Protocol,
            MessageKey = reply.MessageKey,
            Comment = comment,
            Outcome = decided.Outcome,
            Reason = reason,
        }, cancellationToken);
        await work.InsertProcessedAsync(new ProcessedMessage(reply.Account, reply.MessageKey, analysis.MessageId, decided.Outcome, reason, alert?.Id, now), cancellationToken);
        if (answer is not null)
        {
            await work.EnqueueOutboxAsync(answer with { CreatedAt = now, NextAttemptAt = now }, cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
        if (decided.Outcome == AckOutcome.Applied)
        {
            AckPollerMetrics.AckRecorded(reply.Account, now - reply.ReceivedAt);
        }

        AckPollerTracing.RememberConfirmation(answer?.MessageId, Activity.Current);
        AlertsLog.ReplyRecorded(_logger, reply.Account, reply.MessageKey, decided.Outcome, decided.Action, resulting?.Reference.ToString() ?? "(no alert)", analysis.From, reason);
        return new AckRecordResult(decided.Outcome, reason, resulting, AlreadyProcessed: false);
    }

    private static async Task<Alert?> CurrentAlertAsync(IUnitOfWork work, ReplyAnalysis analysis, CancellationToken cancellationToken)
    {
        // Re-read inside the transaction: the analysis may be older than another poller's change.
        if (analysis.Alert is { Id: > 0 } known)
        {
            return await work.FindAlertAsync(known.Id, cancellationToken);
        }

        return analysis.AlertReference is { } reference ? await work.FindAlertByReferenceAsync(reference, cancellationToken) : null;
    }

    /// <summary>The answer to enqueue, if any. A reply that cannot be composed (an unusable sender address) must not stop
    /// the reply being recorded, or it would be retried forever; the reason says no answer went out.</summary>
    private (OutboxMessage? Answer, string Reason) Answer(AckDecision decided, ReplyAnalysis analysis, Alert? alert, string? comment)
    {
        try
        {
            return decided.Reply switch
            {
                AckReplyKind.Confirmation when alert is not null => (_composer.Confirmation(analysis, alert, decided.Summary!, comment), decided.Reason),
                AckReplyKind.Rejection when _options.SendRejectionReplies => (_composer.Rejection(analysis, alert, decided.Reason), decided.Reason),
                _ => (null, decided.Reason),
            };
        }
        catch (ArgumentException ex)
        {
            AlertsLog.NoAnswer(_logger, analysis.From, ex.Message);
            return (null, decided.Reason + " (no answer sent: unusable sender address)");
        }
    }
}
