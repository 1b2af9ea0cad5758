using System.Text;
using AckPoller.Core.Alerts;
using AckPoller.Core.Replies;
using AckPoller.Core.Reporting;

namespace AckPoller.Cli;

/// <summary>The readable form of `ackpoller explain`: each field on its own line, the new text indented, then what
/// AckPoller would do with the reply, in one sentence.</summary>
internal static class ExplainTextWriter
{
    public static string Write(ExplainReport report)
    {
        var analysis = report.Analysis;
        var text = new StringBuilder();
        Line(text, "From", analysis.FromName is null ? analysis.From : $"{analysis.FromName} <{analysis.From}>");
        Line(text, "Subject", analysis.Subject);
        Line(text, "Message-ID", analysis.MessageId);
        Line(text, "In-Reply-To", analysis.InReplyTo);
        Line(text, "References", analysis.References.Count == 0 ? null : string.Join(" ", analysis.References));
        if (analysis.Unreadable is { } unreadable)
        {
            Line(text, "Unreadable", $"the message could not be decoded ({unreadable})");
        }

        Line(text, "Auto-reply", analysis.AutoReply ? $"yes: {analysis.AutoReplyReason}" : "no");
        Line(text, "Alert ref", analysis.AlertReference is { } reference
            ? $"{reference} (matched by {ExplainReport.MatchedByName(analysis.MatchedBy)})"
            : "none found (no In-Reply-To/References to an alert, no [AP-…] in the subject or new text)");
        text.Append("New text:").Append('\n');
        if (analysis.NewText.Length == 0)
        {
            text.Append("    (nothing above the quote)\n");
        }
        else
        {
            foreach (var line in analysis.NewText.Split('\n'))
            {
                text.Append("    | ").Append(line).Append('\n');
            }
        }

        Line(text, "Command", analysis.Command == ReplyCommand.None
            ? $"none (the configured default applies: {report.DefaultAction.ToString().ToLowerInvariant()})"
            : ExplainReport.CommandName(analysis.Command));
        Line(text, "Read from", analysis.CommandLineNumber is { } number
            ? $"line {number} of the new text: {analysis.CommandLine}{(number > 1 ? " (greeting lines above it passed over)" : string.Empty)}"
            : null);
        Line(text, "Argument", analysis.Argument);
        Line(text, "Comment", analysis.Comment?.Replace("\n", " / ", StringComparison.Ordinal));
        if (report.DatabaseUsed)
        {
            Line(text, "Alert", analysis.Alert is { } alert
                ? $"{alert.Reference} \"{alert.Subject}\", {alert.State.ToString().ToLowerInvariant()}, recipients {string.Join(", ", alert.Recipients)}"
                : "not in the database");
            Line(text, "Authorized", report.Decision is { } decision ? $"{(decision.Authorized ? "yes" : "no")}: {decision.Reason}" : null);
        }
        else
        {
            Line(text, "Database", report.DatabaseNote ?? "none (give --config to check the alert and the sender)");
        }

        foreach (var warning in analysis.Warnings)
        {
            Line(text, "Warning", warning);
        }

        Line(text, "Verdict", Verdict(report));
        return text.ToString();
    }

    private static string Verdict(ExplainReport report)
    {
        var analysis = report.Analysis;
        if (analysis.Unreadable is not null)
        {
            return "ignored as malformed (the message could not be decoded): moved aside, no answer is sent";
        }

        if (analysis.AutoReply)
        {
            return "ignored, not a human reply; no answer is sent";
        }

        var action = analysis.Command == ReplyCommand.None ? report.DefaultAction.ToString().ToLowerInvariant() : ExplainReport.CommandName(analysis.Command);
        var target = analysis.AlertReference?.ToString() ?? "no alert";
        if (!report.DatabaseUsed)
        {
            // The one sender rule that needs no database: a From without a domain can never act (as the recorder decides).
            if (!string.IsNullOrWhiteSpace(analysis.From) && SenderPolicy.IncompleteAddress(analysis.From) is { } incomplete)
            {
                return $"ignored: {incomplete}; no answer is sent";
            }

            return analysis.AlertReference is null
                ? "rejected: the reply matches no alert"
                : $"{action} {target}, if the alert exists and the sender may act on it (not checked without a database)";
        }

        return report.Verdict is { } verdict
            ? $"{Names.Of(verdict.Outcome)}: {verdict.Reason}"
            : "not decided";
    }

    private static void Line(StringBuilder text, string name, string? value) =>
        text.Append((name + ":").PadRight(13)).Append(value ?? "-").Append('\n');
}
