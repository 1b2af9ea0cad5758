using AckPoller.Core.Alerts;

namespace AckPoller.Core.Replies;

/// <summary>The alert a reply answers: its reference, where it was found and, when a directory knew it, the alert.</summary>
public sealed record AlertMatchResult(AlertReference? Reference, AlertMatch MatchedBy, Alert? Alert)
{
    public static AlertMatchResult None { get; } = new(null, AlertMatch.None, null);
}
