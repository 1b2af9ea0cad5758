using AckPoller.Core.Configuration;
using AckPoller.Core.Processing;
using AckPoller.Core.Replies;

namespace AckPoller.Cli;

/// <summary>What `ackpoller explain` found: the analysis, and with a database the authorization and the recorder's verdict
/// (null without one).</summary>
internal sealed record ExplainReport(ReplyAnalysis Analysis, SenderDecision? Decision, bool DatabaseUsed, string? DatabaseNote, AckAction DefaultAction)
{
    public AckVerdict? Verdict { get; init; }

    public static string CommandName(ReplyCommand command) => command.ToString().ToLowerInvariant();

    public static string? MatchedByName(AlertMatch match) => match switch
    {
        AlertMatch.InReplyTo => "in-reply-to",
        AlertMatch.References => "references",
        AlertMatch.Subject => "subject",
        AlertMatch.Body => "body",
        _ => null,
    };
}
