namespace AckPoller.Core.Alerts;

/// <summary>What became of a reply: applied to its alert, rejected (unauthorized, unmatched, malformed), or ignored
/// (auto-replies, bounces, our own mail, a duplicate action that changes nothing).</summary>
public enum AckOutcome
{
    Applied,
    Rejected,
    Ignored,
}
