using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;
using AckPoller.Core.Replies;
using AckPoller.Mail.Mime;

namespace AckPoller.Core.Processing;

/// <summary>Composes the answers to a reply, threaded under it (In-Reply-To the reply, References its chain):
/// a confirmation ("AP-XXXXXX acknowledged by Jane Doe at 10:42 UTC: comment") or a short rejection saying why.</summary>
public sealed class AckReplyComposer
{
    private readonly AlertMailIdentity _identity;
    private readonly AlertsOptions _options;
    private readonly MessageComposer _composer;

    public AckReplyComposer(AlertMailIdentity identity, AlertsOptions options, TimeProvider time)
    {
        _identity = identity;
        _options = options;
        _composer = new MessageComposer(identity.MessageIdDomain, time);
    }

    /// <param name="summary">E.g. "acknowledged by Jane Doe at 10:42 UTC".</param>
    public OutboxMessage Confirmation(ReplyAnalysis analysis, Alert alert, string summary, string? comment)
    {
        var sender = Sender(analysis);
        var cc = new List<MailboxAddress>();
        if (_options.CopyRecipientsOnConfirmation)
        {
            foreach (var recipient in alert.Recipients)
            {
                var address = new MailboxAddress(recipient);
                if (!address.Equals(sender) && !address.Equals(_identity.From) && !address.Equals(_identity.ReplyTo) && !cc.Contains(address))
                {
                    cc.Add(address);
                }
            }
        }

        var line = $"{alert.Reference} {summary}" + (string.IsNullOrWhiteSpace(comment) ? "." : ": " + comment.Trim());
        var text = $"{line}\n\nAlert: {alert.Subject}\nState: {StateText(alert)}\n";
        return Compose(OutboxKind.Confirmation, analysis, alert, sender, cc, text);
    }

    public OutboxMessage Rejection(ReplyAnalysis analysis, Alert? alert, string reason)
    {
        var reference = alert?.Reference ?? analysis.AlertReference;
        var text = $"Your reply was not applied: {reason.TrimEnd('.')}.\n\n" +
            $"To act on an alert, reply to its email keeping [{(reference is { } r ? r.ToString() : "AP-XXXXXX")}] in the subject, and write " +
            "\"ack\", \"resolve\", \"unack\", \"snooze 30m\" or \"note <text>\" on the first line.\n";
        return Compose(OutboxKind.Rejection, analysis, alert, Sender(analysis), [], text);
    }

    private OutboxMessage Compose(OutboxKind kind, ReplyAnalysis analysis, Alert? alert, MailboxAddress to, List<MailboxAddress> cc, string text)
    {
        var references = new List<string>(analysis.References);
        if (references.Count == 0 && alert?.MessageId is { } alertId && alertId != analysis.MessageId)
        {
            references.Add(alertId);
        }

        var reference = alert?.Reference ?? analysis.AlertReference;
        List<KeyValuePair<string, string>> headers = [new("X-Auto-Response-Suppress", "All")];
        if (reference is { } r)
        {
            headers.Add(new("X-AckPoller-Ref", r.ToString()));
        }

        var composed = _composer.Compose(new OutgoingMessage
        {
            From = _identity.From,
            To = [to],
            Cc = cc,
            ReplyTo = _identity.ReplyTo,
            Subject = Subject(analysis, alert),
            TextBody = text,
            InReplyTo = analysis.MessageId ?? alert?.MessageId,
            References = references,
            ExtraHeaders = headers,
        });

        var recipients = new List<string>(1 + cc.Count) { to.Address };
        recipients.AddRange(cc.Select(c => c.Address));
        return new OutboxMessage
        {
            Kind = kind,
            AlertId = alert?.Id is > 0 ? alert.Id : null,
            Recipients = recipients,
            MessageId = composed.MessageId,
            Raw = composed.Bytes,
        };
    }

    private static MailboxAddress Sender(ReplyAnalysis analysis) =>
        new(string.IsNullOrWhiteSpace(analysis.FromName) ? null : analysis.FromName,
            analysis.From ?? throw new ArgumentException("The reply has no sender address to answer.", nameof(analysis)));

    private static string Subject(ReplyAnalysis analysis, Alert? alert)
    {
        var subject = analysis.Subject?.Trim() ?? string.Empty;
        if (alert is not null && !AlertReference.TryFind(subject, out _))
        {
            subject = $"[{alert.Reference}] {alert.Subject}";
        }

        if (subject.Length == 0)
        {
            subject = "Your reply to AckPoller";
        }

        return subject.StartsWith("Re:", StringComparison.OrdinalIgnoreCase) ? subject : "Re: " + subject;
    }

    private static string StateText(Alert alert) => alert.State switch
    {
        AlertState.Acknowledged => "acknowledged",
        AlertState.Resolved => "resolved",
        AlertState.Snoozed when alert.SnoozedUntil is { } until => $"snoozed until {AckText.Time(until)}",
        AlertState.Snoozed => "snoozed",
        _ => "open",
    };
}
