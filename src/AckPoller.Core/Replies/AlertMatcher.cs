using AckPoller.Core.Alerts;
using AckPoller.Mail.Mime;

namespace AckPoller.Core.Replies;

/// <summary>Ties a reply to its alert, most trustworthy evidence first: In-Reply-To, then References (newest first) against
/// the alert's Message-ID, then the [AP-…] reference in the subject (whatever RE:/AW:/SV:/Fwd:/WG:/TR: prefixes precede it),
/// then a reference in the new text. With a directory, the first candidate it knows wins and unknown ones are passed over
/// (falling back to the first candidate, without an alert, when it knows none); without one (explain without a database)
/// the first candidate wins, read from the alert Message-ID format or the reference itself.</summary>
public sealed class AlertMatcher
{
    private readonly IAlertDirectory? directory;

    public AlertMatcher(IAlertDirectory? directory) => this.directory = directory;

    public async Task<AlertMatchResult> MatchAsync(MimeMessage message, string newText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        AlertMatchResult? firstCandidate = null;

        foreach (var id in message.InReplyTo)
        {
            if (await TryIdAsync(id, AlertMatch.InReplyTo, cancellationToken) is { } result)
            {
                if (result.Alert is not null || directory is null)
                {
                    return result;
                }

                firstCandidate ??= result;
            }
        }

        var references = message.References;
        for (var i = references.Count - 1; i >= 0; i--)
        {
            if (await TryIdAsync(references[i], AlertMatch.References, cancellationToken) is { } result)
            {
                if (result.Alert is not null || directory is null)
                {
                    return result;
                }

                firstCandidate ??= result;
            }
        }

        foreach (var (text, how) in ((string?, AlertMatch)[])[(message.Subject, AlertMatch.Subject), (newText, AlertMatch.Body)])
        {
            if (AlertReference.TryFind(text, out var reference))
            {
                var alert = directory is null ? null : await directory.FindByReferenceAsync(reference, cancellationToken);
                var result = new AlertMatchResult(reference, how, alert);
                if (alert is not null || directory is null)
                {
                    return result;
                }

                firstCandidate ??= result;
            }
        }

        return firstCandidate ?? AlertMatchResult.None;
    }

    private async Task<AlertMatchResult?> TryIdAsync(string id, AlertMatch how, CancellationToken cancellationToken)
    {
        var hasReference = AlertMessageIds.TryGetReference(id, out var reference);
        if (directory is null)
        {
            return hasReference ? new AlertMatchResult(reference, how, null) : null;
        }

        var alert = await directory.FindByMessageIdAsync(id, cancellationToken);
        if (alert is null && hasReference)
        {
            // Our id format, but the alert was stored without this Message-ID: the reference in it still counts.
            alert = await directory.FindByReferenceAsync(reference, cancellationToken);
        }

        return alert is not null ? new AlertMatchResult(alert.Reference, how, alert)
            : hasReference ? new AlertMatchResult(reference, how, null)
            : null;
    }
}
