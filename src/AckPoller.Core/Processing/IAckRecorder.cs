using AckPoller.Core.Alerts;
using AckPoller.Core.Replies;

namespace AckPoller.Core.Processing;

/// <summary>Records the outcome of one reply in ONE transaction: the alert's new state (when applied), the
/// acknowledgement-log row, the processed-message row and the outbox rows (confirmation or rejection reply).
/// Idempotent per (account, message key): a second call returns the first result and changes nothing, so a crash
/// between recording and touching the server never applies an action or sends a confirmation twice.</summary>
public interface IAckRecorder
{
    Task<AckRecordResult> RecordAsync(IncomingReply reply, ReplyAnalysis analysis, SenderDecision? decision, CancellationToken cancellationToken);
}
