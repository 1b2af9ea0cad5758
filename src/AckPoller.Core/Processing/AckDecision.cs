using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;

namespace AckPoller.Core.Processing;

/// <summary>What one reply does: its outcome and reason, the alert's new state when it changes, and which answer to send.</summary>
internal sealed record AckDecision(AckOutcome Outcome, string Reason, AckAction? Action, Alert? UpdatedAlert, AckReplyKind Reply, string? Summary);

internal enum AckReplyKind
{
    None,
    Confirmation,
    Rejection,
}
