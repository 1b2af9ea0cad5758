using System.Net;
using System.Text;
using AckPoller.Core.Outbox;
using AckPoller.Mail.Mime;

namespace AckPoller.Core.Alerts;

/// <summary>Composes an alert email: subject "[AP-XXXXXX] subject", Message-ID "ap.XXXXXX.random@domain", Reply-To the
/// monitored mailbox, text and HTML bodies ending in a short footer that lists the reply commands.</summary>
public sealed class AlertEmailComposer
{
    private readonly AlertMailIdentity _identity;
    private readonly MessageComposer _composer;

    public AlertEmailComposer(AlertMailIdentity identity, TimeProvider time)
    {
        _identity = identity;
        _composer = new MessageComposer(identity.MessageIdDomain, time);
    }

    public static string Footer(AlertReference reference) =>
        $"Reply to this email to act on {reference}: \"ack\" to acknowledge, \"resolve\" when fixed, \"unack\" to reopen, " +
        "\"snooze 30m\" to silence it for a while, or \"note <text>\" to add a note.";

    public static string SubjectFor(AlertReference reference, string subject) => $"[{reference}] {subject}";

    public static string MessageIdPrefix(AlertReference reference) => "ap." + reference.Code;

    public ComposedMessage Compose(AlertReference reference, RaiseAlertRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = Details(reference, request);
        var text = new StringBuilder();
        if (request.Body.Length > 0)
        {
            text.Append(request.Body.TrimEnd()).Append("\n\n");
        }

        foreach (var (name, value) in details)
        {
            text.Append(name).Append(": ").Append(value).Append('\n');
        }

        text.Append("\n-- \n").Append(Footer(reference)).Append('\n');

        var html = new StringBuilder("<!DOCTYPE html>\n<html><body>\n");
        if (request.Body.Length > 0)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(request.Body.TrimEnd()).Replace("\n", "<br>\n", StringComparison.Ordinal)).Append("</p>\n");
        }

        html.Append("<table>\n");
        foreach (var (name, value) in details)
        {
            html.Append("<tr><th align=\"left\">").Append(WebUtility.HtmlEncode(name)).Append("</th><td>").Append(WebUtility.HtmlEncode(value)).Append("</td></tr>\n");
        }

        html.Append("</table>\n<hr>\n<p style=\"color:#666;font-size:small\">").Append(WebUtility.HtmlEncode(Footer(reference))).Append("</p>\n</body></html>\n");

        return _composer.Compose(new OutgoingMessage
        {
            From = _identity.From,
            To = request.Recipients.Select(r => new MailboxAddress(r)).ToArray(),
            ReplyTo = _identity.ReplyTo,
            Subject = SubjectFor(reference, request.Subject),
            TextBody = text.ToString(),
            HtmlBody = html.ToString(),
            MessageIdPrefix = MessageIdPrefix(reference),
            ExtraHeaders = [new("X-AckPoller-Ref", reference.ToString()), new("X-Auto-Response-Suppress", "All")],
        });
    }

    /// <summary>The reminder sent when a snooze ends: threaded under the alert email, with the reference in the subject
    /// and the same footer, so a reply to it acts on the alert like a reply to the alert itself.</summary>
    public ComposedMessage ComposeSnoozeEnded(Alert alert, DateTimeOffset snoozedUntil)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var line = $"The snooze on {alert.Reference} ended at {AckText.Time(snoozedUntil)}; the alert is open again.";
        var text = new StringBuilder(line).Append("\n\n").Append(alert.Subject).Append('\n');
        if (alert.Body.Length > 0)
        {
            text.Append('\n').Append(alert.Body.TrimEnd()).Append('\n');
        }

        return Threaded(alert, "Snooze ended: ", text);
    }

    /// <summary>The notice that the monitoring system reported the alert resolved by itself: threaded under the alert, so
    /// the rota sees it end without anyone replying.</summary>
    public ComposedMessage ComposeResolvedBySource(Alert alert, string source, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var text = new StringBuilder($"{source} reported {alert.Reference} resolved at {AckText.Time(at)}; nobody needs to act on it any more.")
            .Append("\n\n").Append(alert.Subject).Append('\n');
        return Threaded(alert, "Resolved: ", text);
    }

    /// <summary>A notice about <paramref name="alert"/> to its recipients, threaded under the alert email, with the
    /// reference in the subject and the reply footer, so a reply to it acts on the alert.</summary>
    private ComposedMessage Threaded(Alert alert, string subjectPrefix, StringBuilder text)
    {
        text.Append("\n-- \n").Append(Footer(alert.Reference)).Append('\n');
        return _composer.Compose(new OutgoingMessage
        {
            From = _identity.From,
            To = alert.Recipients.Select(r => new MailboxAddress(r)).ToArray(),
            ReplyTo = _identity.ReplyTo,
            Subject = SubjectFor(alert.Reference, subjectPrefix + alert.Subject),
            TextBody = text.ToString(),
            InReplyTo = alert.MessageId,
            References = alert.MessageId is { } id ? [id] : [],
            MessageIdPrefix = MessageIdPrefix(alert.Reference),
            ExtraHeaders = [new("X-AckPoller-Ref", alert.Reference.ToString()), new("X-Auto-Response-Suppress", "All")],
        });
    }

    private static List<(string Name, string Value)> Details(AlertReference reference, RaiseAlertRequest request)
    {
        var details = new List<(string, string)> { ("Alert", reference.ToString()) };
        if (!string.IsNullOrWhiteSpace(request.Severity))
        {
            details.Add(("Severity", request.Severity.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(request.Source))
        {
            details.Add(("Source", request.Source.Trim()));
        }

        return details;
    }
}
