using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Replies;

namespace AckPoller.Core.Processing;

/// <summary>The rules, free of storage: auto-replies, locked-out senders, replies failing anti-spoofing and senders without a domain are ignored without an answer; unmatched or
/// unauthorized replies are rejected with one; otherwise the action is applied when it changes something (a second
/// ack is logged as ignored, naming who acknowledged first).</summary>
internal static class AckDecider
{
    public static AckDecision Decide(ReplyAnalysis analysis, SenderDecision? decision, Alert? alert, AlertsOptions options, DateTimeOffset now)
    {
        if (analysis.AutoReply)
        {
            // The classifier's reason already says what kind of mail it is ("auto-reply: …", "bounce: …", "malformed message: …").
            return Ignored(analysis.AutoReplyReason ?? "not a human reply", null);
        }

        var action = ActionOf(analysis.Command, options.DefaultAction);
        if (decision?.LockedOut == true)
        {
            return Ignored(decision.Reason, action);
        }

        if (decision?.Unauthenticated == true)
        {
            // Ignored, not rejected: the lockout counts rejections, and this one would be counted against a forged address.
            return Ignored($"{decision.Reason}; not answered and not counted against {analysis.From}, whom authentication did not establish", action);
        }

        if (string.IsNullOrWhiteSpace(analysis.From))
        {
            return new AckDecision(AckOutcome.Rejected, "the reply has no sender address", action, null, AckReplyKind.None, null);
        }

        if (SenderPolicy.IncompleteAddress(analysis.From) is { } incomplete)
        {
            // Ignored, not rejected: a rejection would be answered, and a bare local part would be delivered in our own domain.
            return Ignored(incomplete, action);
        }

        if (alert is null)
        {
            return Rejected(analysis.AlertReference is { } reference ? $"no alert matches {reference}" : "no alert matches this reply", action);
        }

        if (decision is not { Authorized: true })
        {
            return Rejected(decision?.Reason ?? "the sender is not authorized", action);
        }

        var person = AckText.Person(analysis.FromName, analysis.From);
        return action switch
        {
            AckAction.Ack => Ack(alert, analysis, person, now),
            AckAction.Unack => alert.State == AlertState.Open
                ? Ignored("the alert is not acknowledged", action)
                : Applied(action, alert with { State = AlertState.Open, SnoozedUntil = null, AcknowledgedBy = null, AcknowledgedByName = null, AcknowledgedAt = null, UpdatedAt = now },
                    "reopened", $"reopened by {person} at {AckText.Clock(now)}"),
            AckAction.Resolve => alert.State == AlertState.Resolved
                ? Ignored("already resolved", action)
                : Applied(action, alert with { State = AlertState.Resolved, SnoozedUntil = null, UpdatedAt = now }, "resolved", $"resolved by {person} at {AckText.Clock(now)}"),
            AckAction.Snooze => Snooze(alert, analysis.Argument, person, options, now),
            _ => string.IsNullOrWhiteSpace(NoteText(analysis))
                ? Rejected("a note needs text: write \"note <text>\"", action)
                : new AckDecision(AckOutcome.Applied, "note added", action, null, AckReplyKind.Confirmation, $"note added by {person} at {AckText.Clock(now)}"),
        };
    }

    /// <summary>What the log and the confirmation quote: the note's text for a note, else the responder's comment.</summary>
    public static string? CommentOf(ReplyAnalysis analysis, AckAction? action) =>
        action == AckAction.Note ? NoteText(analysis) : Blank(analysis.Comment);

    public static AckAction ActionOf(ReplyCommand command, AckAction defaultAction) => command switch
    {
        ReplyCommand.Ack => AckAction.Ack,
        ReplyCommand.Unack => AckAction.Unack,
        ReplyCommand.Resolve => AckAction.Resolve,
        ReplyCommand.Snooze => AckAction.Snooze,
        ReplyCommand.Note => AckAction.Note,
        _ => defaultAction,
    };

    private static AckDecision Ack(Alert alert, ReplyAnalysis analysis, string person, DateTimeOffset now) => alert.State switch
    {
        AlertState.Acknowledged => Ignored($"already acknowledged by {AckText.Person(alert.AcknowledgedByName, alert.AcknowledgedBy)}", AckAction.Ack),
        AlertState.Resolved => Ignored("already resolved", AckAction.Ack),
        _ => Applied(AckAction.Ack,
            alert with { State = AlertState.Acknowledged, SnoozedUntil = null, AcknowledgedBy = analysis.From, AcknowledgedByName = Blank(analysis.FromName), AcknowledgedAt = now, UpdatedAt = now },
            "acknowledged", $"acknowledged by {person} at {AckText.Clock(now)}"),
    };

    private static AckDecision Snooze(Alert alert, string? argument, string person, AlertsOptions options, DateTimeOffset now)
    {
        if (!SnoozeDuration.TryParse(argument, out var duration))
        {
            return Rejected(
                argument is null
                    ? $"snooze needs a duration, e.g. snooze {SnoozeDuration.Examples}"
                    : $"cannot read the snooze duration '{Truncate(argument)}': write e.g. {SnoozeDuration.Examples}",
                AckAction.Snooze);
        }

        if (duration > options.MaxSnooze)
        {
            return Rejected($"a snooze of {SnoozeDuration.Format(duration)} is longer than the {SnoozeDuration.Format(options.MaxSnooze)} allowed", AckAction.Snooze);
        }

        if (alert.State == AlertState.Resolved)
        {
            return Ignored("already resolved", AckAction.Snooze);
        }

        var until = now + duration;
        return Applied(AckAction.Snooze, alert with { State = AlertState.Snoozed, SnoozedUntil = until, UpdatedAt = now },
            $"snoozed until {AckText.Time(until)}", $"snoozed by {person} until {AckText.Time(until)}");
    }

    private static string? NoteText(ReplyAnalysis analysis)
    {
        var argument = Blank(analysis.Argument);
        var comment = Blank(analysis.Comment);
        return argument is null ? comment
            : comment is null || argument.Contains(comment, StringComparison.Ordinal) ? argument
            : argument + "\n" + comment;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static AckDecision Applied(AckAction action, Alert updated, string reason, string summary) =>
        new(AckOutcome.Applied, reason, action, updated, AckReplyKind.Confirmation, summary);

    private static AckDecision Ignored(string reason, AckAction? action) => new(AckOutcome.Ignored, reason, action, null, AckReplyKind.None, null);

    private static AckDecision Rejected(string reason, AckAction? action) => new(AckOutcome.Rejected, reason, action, null, AckReplyKind.Rejection, null);
}
