using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Replies;

namespace AckPoller.Core.Processing;

/// <summary>What the recorder would do with a reply now — the outcome and the reason it would log — decided by the very
/// rules it applies (<see cref="AckDecider"/>), without touching anything. `ackpoller explain` shows it.</summary>
public sealed record AckVerdict(AckOutcome Outcome, string Reason, AckAction? Action)
{
    public static AckVerdict Predict(ReplyAnalysis analysis, SenderDecision? decision, AlertsOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var decided = AckDecider.Decide(analysis, decision, analysis.Alert, options, now);
        return new AckVerdict(decided.Outcome, decided.Reason, decided.Action);
    }
}
