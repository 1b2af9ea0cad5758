using AckPoller.Core.Alerts;

namespace AckPoller.Core.Replies;

/// <summary>Everything read out of one reply, before authorization and before anything is changed.
/// This is what `ackpoller explain` prints, field for field.</summary>
public sealed record ReplyAnalysis
{
    public string? From { get; init; }

    public string? FromName { get; init; }

    public string? Subject { get; init; }

    public string? MessageId { get; init; }

    public string? InReplyTo { get; init; }

    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>Not a human reply: an auto-reply, a bounce, list traffic, or AckPoller's own mail.</summary>
    public bool AutoReply { get; init; }

    public string? AutoReplyReason { get; init; }

    public AlertReference? AlertReference { get; init; }

    public AlertMatch MatchedBy { get; init; }

    /// <summary>The matched alert, when a directory was available and knew it.</summary>
    public Alert? Alert { get; init; }

    /// <summary>The text above the quote, signature removed.</summary>
    public string NewText { get; init; } = string.Empty;

    public ReplyCommand Command { get; init; }

    /// <summary>The command's argument, e.g. "30m" for snooze; null when it has none.</summary>
    public string? Argument { get; init; }

    /// <summary>The line of the new text the command came from (greeting lines before it are passed over); null without one.</summary>
    public string? CommandLine { get; init; }

    /// <summary>That line's number in <see cref="NewText"/>, from 1.</summary>
    public int? CommandLineNumber { get; init; }

    /// <summary>What the responder wrote besides the command.</summary>
    public string? Comment { get; init; }

    /// <summary>Set when decoding the message threw (an exotic charset, a hostile encoding): why, in words. The analysis is
    /// then an <see cref="AutoReply"/> "malformed message" that is recorded as ignored and moved aside, never retried.</summary>
    public string? Unreadable { get; init; }

    /// <summary>Problems with the message itself (parse warnings that matter, missing text).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
