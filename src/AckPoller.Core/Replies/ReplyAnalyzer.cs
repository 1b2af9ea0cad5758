using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Telemetry;
using AckPoller.Mail.Mime;

namespace AckPoller.Core.Replies;

/// <summary>Reads one reply end to end, changing nothing: is it a human's reply, what did they write above the quote,
/// which alert does it answer and how do we know, and which command does it give. Everything `ackpoller explain` shows.</summary>
public sealed class ReplyAnalyzer : IReplyAnalyzer
{
    private readonly ReplyClassifier classifier;
    private readonly AlertMatcher matcher;

    public ReplyAnalyzer(RepliesOptions options, IAlertDirectory? directory, string? alertMessageIdDomain = null)
        : this(new ReplyClassifier(options, alertMessageIdDomain), new AlertMatcher(directory))
    {
    }

    public ReplyAnalyzer(ReplyClassifier classifier, AlertMatcher matcher)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(matcher);
        this.classifier = classifier;
        this.matcher = matcher;
    }

    public async Task<ReplyAnalysis> AnalyzeAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var warnings = new List<string>(message.Warnings);
        ReplyClassification classification;
        string newText;
        using (AckPollerTracing.Start("ackpoller.classify"))
        {
            classification = classifier.Classify(message);
            newText = QuoteStripper.Extract(message);
        }

        if (newText.Length == 0 && !classification.IsAutoReply)
        {
            warnings.Add("the reply has no new text above the quote");
        }

        AlertMatchResult match;
        using (AckPollerTracing.Start("ackpoller.match"))
        {
            match = await matcher.MatchAsync(message, newText, cancellationToken);
        }

        var command = CommandParser.Parse(newText);
        if (command.Problem is { } problem)
        {
            warnings.Add(problem);
        }

        var from = message.From is [var first, ..] ? first : message.Sender;
        return new ReplyAnalysis
        {
            From = from?.Address,
            FromName = string.IsNullOrWhiteSpace(from?.DisplayName) ? null : from.DisplayName,
            Subject = message.Subject,
            MessageId = message.MessageId,
            InReplyTo = message.InReplyTo is [var parent, ..] ? parent : null,
            References = message.References,
            AutoReply = classification.IsAutoReply,
            AutoReplyReason = classification.Reason,
            AlertReference = match.Reference,
            MatchedBy = match.MatchedBy,
            Alert = match.Alert,
            NewText = newText,
            Command = command.Command,
            Argument = command.Argument,
            Comment = command.Comment,
            Warnings = warnings,
        };
    }
}
