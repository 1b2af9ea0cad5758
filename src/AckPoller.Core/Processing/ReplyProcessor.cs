using AckPoller.Core.Storage;
using System.Collections.Concurrent;
using System.Diagnostics;
using AckPoller.Core.Alerts;
using AckPoller.Core.MailErrors;
using AckPoller.Core.Mailboxes;
using AckPoller.Core.Replies;
using AckPoller.Core.Telemetry;
using AckPoller.Mail;
using AckPoller.Mail.Mime;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Processing;

/// <summary>Processes fetched replies: parse, analyse, authorize, record in ONE transaction, and only then touch the
/// server. Recording is idempotent per message key, so a message fetched again after a crash is recorded once and only
/// its server step is redone. One message's failure never stops the batch; only a lost connection or cancellation does.</summary>
public sealed class ReplyProcessor
{
    /// <summary>After this many polls in a row in which analysing a message threw, it is treated as malformed.</summary>
    public const int MaxAnalysisAttempts = 3;

    private readonly IReplyAnalyzer _analyzer;
    private readonly ISenderPolicy _policy;
    private readonly IAckRecorder _recorder;
    private readonly IMailboxStateStore _state;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, int> _analysisFailures = new(StringComparer.Ordinal);

    public ReplyProcessor(IReplyAnalyzer analyzer, ISenderPolicy policy, IAckRecorder recorder, IMailboxStateStore state, ILogger<ReplyProcessor> logger)
    {
        _analyzer = analyzer;
        _policy = policy;
        _recorder = recorder;
        _state = state;
        _logger = logger;
    }

    /// <summary>Processes the messages in order (all of one account). Results come back in the same order.</summary>
    public async Task<IReadOnlyList<MessageResult>> ProcessBatchAsync(IReadOnlyList<FetchedMessage> messages, IReplyMailbox mailbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(mailbox);
        if (messages.Count == 0)
        {
            return [];
        }

        var account = messages[0].Reply.Account;
        var parsed = new (MimeMessage? Message, string? Malformed)[messages.Count];
        var keys = new string[messages.Count];
        var poll = Activity.Current;
        var spans = new Activity?[messages.Count];
        try
        {
            for (var i = 0; i < messages.Count; i++)
            {
                // One trace per reply, linked to the poll that fetched it.
                spans[i] = AckPollerTracing.StartRoot("ackpoller.reply", poll?.Context ?? default)?.SetTag(AckPollerTracing.AccountAttribute, account);
                using (AckPollerTracing.Start("ackpoller.parse"))
                {
                    parsed[i] = Parse(messages[i]);
                }

                Activity.Current = poll;
                keys[i] = messages[i].Reply.MessageKey;
            }

            var unprocessed = await _state.FindUnprocessedAsync(account, keys, cancellationToken);
            var processedIds = await FindProcessedIdsAsync(account, messages, parsed, unprocessed, cancellationToken);
            var results = new MessageResult[messages.Count];
            for (var i = 0; i < messages.Count; i++)
            {
                var messageId = parsed[i].Message?.MessageId;
                var duplicate = messageId is not null && unprocessed.Contains(keys[i]) && processedIds.Contains(messageId);
                Activity.Current = spans[i] ?? poll;
                results[i] = await ProcessOneAsync(messages[i], parsed[i].Message, parsed[i].Malformed, duplicate, mailbox, cancellationToken);
                spans[i]?.SetTag(AckPollerTracing.OutcomeAttribute, results[i].Malformed ? TelemetryValues.Malformed : TelemetryValues.Of(results[i].Outcome));
                spans[i]?.Dispose();
                Activity.Current = poll;
                if (messageId is not null && results[i].Recorded)
                {
                    // A second copy later in the batch is a duplicate; a copy whose recording failed does not count.
                    processedIds.Add(messageId);
                }
            }

            return results;
        }
        finally
        {
            foreach (var span in spans)
            {
                span?.Dispose();
            }

            Activity.Current = poll;
        }
    }

    /// <summary>Records a message that was in the mailbox before the first run as ignored, so it is never acted on
    /// (POP3, where only processed keys are remembered). Returns false when recording failed (it is retried next poll).</summary>
    public async Task<bool> RecordPresentBeforeFirstRunAsync(IncomingReply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        try
        {
            await _recorder.RecordAsync(reply, PollerAnalyses.PresentBeforeFirstRun(), null, cancellationToken);
            return true;
        }
        catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
        {
            ProcessingLog.CouldNotRecordPresentBefore(_logger, ex, reply.Account, reply.MessageKey);
            return false;
        }
    }

    private async Task<MessageResult> ProcessOneAsync(
        FetchedMessage fetched, MimeMessage? message, string? malformed, bool duplicate, IReplyMailbox mailbox, CancellationToken cancellationToken)
    {
        var reply = fetched.Reply;
        ReplyAnalysis analysis;
        SenderDecision? decision = null;
        if (malformed is not null || message is null)
        {
            malformed ??= "the message could not be read";
            analysis = PollerAnalyses.Malformed(message, malformed);
        }
        else
        {
            var failureKey = reply.Account + "\n" + reply.MessageKey;
            try
            {
                analysis = await _analyzer.AnalyzeAsync(message, cancellationToken);
                malformed = analysis.Unreadable; // a decoding failure is the message's fault: moved aside at once, not retried
                Activity.Current?.SetTag(AckPollerTracing.AlertAttribute, analysis.AlertReference?.ToString());
                if (duplicate)
                {
                    analysis = PollerAnalyses.Duplicate(analysis);
                }
                else if (!analysis.AutoReply)
                {
                    // Unmatched replies too: with anti-spoofing on, a forged one must not be answered "no alert matches".
                    using var authorize = AckPollerTracing.Start("ackpoller.authorize");
                    decision = await _policy.DecideAsync(analysis, message, cancellationToken);
                }

                _analysisFailures.TryRemove(failureKey, out _);
            }
            catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
            {
                var attempts = _analysisFailures.AddOrUpdate(failureKey, 1, (_, n) => n + 1);
                if (attempts < MaxAnalysisAttempts)
                {
                    ProcessingLog.AnalysingFailedAttemptTriedAgain(_logger, ex, reply.Account, reply.MessageKey, attempts, MaxAnalysisAttempts);
                    return new MessageResult(fetched, MessageOutcome.Failed, $"analysis failed: {ex.Message}");
                }

                _analysisFailures.TryRemove(failureKey, out _);
                malformed = $"analysis failed {attempts} times: {ex.Message}";
                analysis = PollerAnalyses.Malformed(message, malformed);
                decision = null;
            }
        }

        AckRecordResult recorded;
        try
        {
            using var commit = AckPollerTracing.Start("ackpoller.commit");
            recorded = await _recorder.RecordAsync(reply, analysis, decision, cancellationToken);
        }
        catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
        {
            ProcessingLog.RecordingFailedTriedAgainNext(_logger, ex, reply.Account, reply.MessageKey);
            return new MessageResult(fetched, MessageOutcome.Failed, $"recording failed: {ex.Message}") { Malformed = malformed is not null };
        }

        var outcome = recorded.Outcome switch
        {
            AckOutcome.Applied => MessageOutcome.Applied,
            AckOutcome.Rejected => MessageOutcome.Rejected,
            _ => MessageOutcome.Ignored,
        };
        var disposition = malformed is not null || recorded.Outcome == AckOutcome.Rejected ? ReplyDisposition.Rejected : ReplyDisposition.Processed;
        if (!recorded.AlreadyProcessed)
        {
            AckPollerMetrics.ReplyRecorded(reply.Account, malformed is not null ? TelemetryValues.Malformed : TelemetryValues.Of(outcome));
        }

        Log(reply, analysis, recorded, malformed);
        var result = new MessageResult(fetched, outcome, recorded.Reason)
        {
            Malformed = malformed is not null,
            AlreadyProcessed = recorded.AlreadyProcessed,
            Recorded = true,
        };

        try
        {
            using var settle = AckPollerTracing.Start("ackpoller.settle");
            await mailbox.SettleAsync(fetched, disposition, cancellationToken);
        }
        catch (MailCommandException ex)
        {
            ProcessingLog.RecordedButServerRefusedFile(_logger, reply.Account, reply.MessageKey, recorded.Outcome, disposition, ex.Message);
            return result with { Outcome = MessageOutcome.Failed, Reason = $"recorded as {recorded.Outcome}, but the server step failed: {ex.Message}" };
        }
        catch (MailException ex)
        {
            // An answer the client could not read (or a dropped connection) while filing: the server may or may not
            // have moved it. The poll ends here; the cursor stays before this message, so the next poll finds it again
            // if it is still there, sees it is recorded already and only files it.
            ProcessingLog.RecordedButFilingFailed(_logger, reply.Account, reply.MessageKey, recorded.Outcome, disposition, MailFailure.From(ex)!.Label, ex.Message);
            throw;
        }

        return result;
    }

    private static (MimeMessage? Message, string? Malformed) Parse(FetchedMessage fetched)
    {
        if (fetched.MalformedReason is { } reason)
        {
            return (null, reason);
        }

        MimeMessage message;
        try
        {
            message = MimeParser.Parse(fetched.Reply.Raw);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (null, $"unreadable: {ex.Message}");
        }

        if (message.Headers.Count == 0)
        {
            return (message, "no header fields: this is not an email message");
        }

        return message.From.Count == 0 ? (message, "no sender address (From)") : (message, null);
    }

    private async Task<HashSet<string>> FindProcessedIdsAsync(
        string account, IReadOnlyList<FetchedMessage> messages, (MimeMessage? Message, string? Malformed)[] parsed, IReadOnlySet<string> unprocessed, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < messages.Count; i++)
        {
            if (parsed[i].Message?.MessageId is { } id && unprocessed.Contains(messages[i].Reply.MessageKey))
            {
                ids.Add(id);
            }
        }

        if (ids.Count == 0)
        {
            return ids;
        }

        return new HashSet<string>(await _state.FindProcessedMessageIdsAsync(account, ids, cancellationToken), StringComparer.Ordinal);
    }

    private void Log(IncomingReply reply, ReplyAnalysis analysis, AckRecordResult recorded, string? malformed)
    {
        if (malformed is not null)
        {
            ProcessingLog.MalformedRecordedMovedAside(_logger, reply.Account, reply.MessageKey, malformed, recorded.Outcome, recorded.AlreadyProcessed ? " (recorded before)" : string.Empty);
            return;
        }

        ProcessingLog.ReplyProcessed(_logger, reply.Account, reply.MessageKey, analysis.From, analysis.MessageId, recorded.Outcome, recorded.Reason, recorded.AlreadyProcessed ? " (recorded before; redoing the server step)" : string.Empty);
    }

    private static bool IsCancellation(Exception ex, CancellationToken cancellationToken) =>
        ex is OperationCanceledException && cancellationToken.IsCancellationRequested;
}
