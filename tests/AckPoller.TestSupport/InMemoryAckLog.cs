using System.Collections.Concurrent;
using AckPoller.Core.Alerts;
using AckPoller.Core.Processing;
using AckPoller.Core.Replies;

namespace AckPoller.TestSupport;

/// <summary>A small stand-in for the store: the recorder (idempotent per key, like the real one) and the mailbox
/// state it writes in the same "transaction". Outcome rules: auto-reply → ignored, no alert → rejected, sender refused
/// → rejected, else applied.</summary>
internal sealed class InMemoryAckLog : IAckRecorder, IMailboxStateStore
{
    private readonly ConcurrentDictionary<string, MailboxCursor> _cursors = new();
    private readonly ConcurrentDictionary<string, (AckRecordResult Result, string? MessageId)> _processed = new();

    public List<(IncomingReply Reply, ReplyAnalysis Analysis, SenderDecision? Decision)> Applied { get; } = [];

    public InMemoryAckLog(List<string>? calls = null) => Calls = calls ?? [];

    public List<string> Calls { get; }

    public Func<IncomingReply, Exception?>? FailRecording { get; set; }

    public IReadOnlyDictionary<string, (AckRecordResult Result, string? MessageId)> Processed => _processed;

    public List<(string Mailbox, MailboxCursor Cursor)> SavedCursors { get; } = [];

    public Task<AckRecordResult> RecordAsync(IncomingReply reply, ReplyAnalysis analysis, SenderDecision? decision, CancellationToken cancellationToken)
    {
        Calls.Add("record " + reply.MessageKey);
        if (FailRecording?.Invoke(reply) is { } failure)
        {
            throw failure;
        }

        if (_processed.TryGetValue(Key(reply.Account, reply.MessageKey), out var earlier))
        {
            return Task.FromResult(earlier.Result with { AlreadyProcessed = true });
        }

        AckRecordResult result;
        if (analysis.AutoReply)
        {
            result = new AckRecordResult(AckOutcome.Ignored, analysis.AutoReplyReason ?? "auto-reply", analysis.Alert, false);
        }
        else if (analysis.Alert is null)
        {
            result = new AckRecordResult(AckOutcome.Rejected, "no alert matches this reply", null, false);
        }
        else if (decision is { Authorized: false })
        {
            result = new AckRecordResult(AckOutcome.Rejected, decision.Reason, analysis.Alert, false);
        }
        else
        {
            Applied.Add((reply, analysis, decision));
            result = new AckRecordResult(AckOutcome.Applied, $"{analysis.Command} applied", analysis.Alert, false);
        }

        _processed[Key(reply.Account, reply.MessageKey)] = (result, analysis.MessageId);
        return Task.FromResult(result);
    }

    public Task<MailboxCursor?> GetCursorAsync(string account, string mailbox, CancellationToken cancellationToken) =>
        Task.FromResult(_cursors.TryGetValue(Key(account, mailbox), out var cursor) ? cursor : null);

    public Task SaveCursorAsync(string account, string mailbox, MailboxCursor cursor, CancellationToken cancellationToken)
    {
        _cursors[Key(account, mailbox)] = cursor;
        SavedCursors.Add((mailbox, cursor));
        return Task.CompletedTask;
    }

    public Task<IReadOnlySet<string>> FindUnprocessedAsync(string account, IReadOnlyCollection<string> messageKeys, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<string>>(messageKeys.Where(k => !_processed.ContainsKey(Key(account, k))).ToHashSet(StringComparer.Ordinal));

    public Task<IReadOnlySet<string>> FindProcessedMessageIdsAsync(string account, IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken)
    {
        var prefix = account + "\n";
        var known = _processed.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal) && p.Value.MessageId is not null)
            .Select(p => p.Value.MessageId!).ToHashSet(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlySet<string>>(messageIds.Where(known.Contains).ToHashSet(StringComparer.Ordinal));
    }

    private static string Key(string account, string key) => account + "\n" + key;
}
