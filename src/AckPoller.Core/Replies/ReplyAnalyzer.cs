using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Telemetry;
using AckPoller.Mail.Mime;

namespace AckPoller.Core.Replies;

/// <summary>Reads one reply end to end, changing nothing: is it a human's reply, what did they write above the quote,
/// which alert does it answer and how do we know, and which command does it give. Everything `ackpoller explain` shows.
/// Reading the message never throws: any exception while decoding it (headers, charsets, body) makes the analysis
/// <see cref="ReplyAnalysis.Unreadable"/> with the reason, a deterministic outcome rather than a retry. Only the alert
/// directory's own failures (a store that can recover) propagate.</summary>
public sealed class ReplyAnalyzer : IReplyAnalyzer
{
    /// <summary>The reason's prefix in <see cref="ReplyAnalysis.AutoReplyReason"/> for an unreadable message.</summary>
    public const string UnreadablePrefix = "malformed message: unreadable: ";

    private readonly ReplyClassifier classifier;
    private readonly AlertMatcher matcher;
    private readonly Func<MimeMessage, string> extractNewText;

    public ReplyAnalyzer(RepliesOptions options, IAlertDirectory? directory, string? alertMessageIdDomain = null)
        : this(new ReplyClassifier(options, alertMessageIdDomain), new AlertMatcher(directory))
    {
    }

    public ReplyAnalyzer(ReplyClassifier classifier, AlertMatcher matcher)
        : this(classifier, matcher, QuoteStripper.Extract)
    {
    }

    /// <summary>With the new-text extraction replaced (tests inject a failing decode through it).</summary>
    internal ReplyAnalyzer(ReplyClassifier classifier, AlertMatcher matcher, Func<MimeMessage, string> extractNewText)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(matcher);
        ArgumentNullException.ThrowIfNull(extractNewText);
        this.classifier = classifier;
        this.matcher = matcher;
        this.extractNewText = extractNewText;
    }

    public async Task<ReplyAnalysis> AnalyzeAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ReplyAnalysis read;
        try
        {
            read = Read(message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Unreadable(message, ex);
        }

        // Everything the matcher reads of the message was decoded above; what can fail here is the directory.
        AlertMatchResult match;
        using (AckPollerTracing.Start("ackpoller.match"))
        {
            match = await matcher.MatchAsync(message, read.NewText, cancellationToken);
        }

        return read with { AlertReference = match.Reference, MatchedBy = match.MatchedBy, Alert = match.Alert };
    }

    /// <summary>Everything decoded from the message itself, no I/O: the part that throws when a decoder does.</summary>
    private ReplyAnalysis Read(MimeMessage message)
    {
        var warnings = new List<string>(message.Warnings);
        ReplyClassification classification;
        string newText;
        using (AckPollerTracing.Start("ackpoller.classify"))
        {
            classification = classifier.Classify(message);
            newText = extractNewText(message);
        }

        if (newText.Length == 0 && !classification.IsAutoReply)
        {
            warnings.Add("the reply has no new text above the quote");
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
            NewText = newText,
            Command = command.Command,
            CommandLine = command.Line,
            CommandLineNumber = command.LineNumber,
            Argument = command.Argument,
            Comment = command.Comment,
            Warnings = warnings,
        };
    }

    /// <summary>What can still be said about a message that could not be decoded: each field on its own, best effort.</summary>
    private static ReplyAnalysis Unreadable(MimeMessage message, Exception ex)
    {
        var reason = $"{ex.GetType().Name}: {ex.Message}";
        var from = Try(() => message.From is [var first, ..] ? first.Address : null);
        return new ReplyAnalysis
        {
            From = from,
            MessageId = Try(() => message.MessageId),
            InReplyTo = Try(() => message.InReplyTo is [var parent, ..] ? parent : null),
            References = Try(() => message.References) ?? [],
            AutoReply = true,
            AutoReplyReason = UnreadablePrefix + reason,
            Unreadable = reason,
            Warnings = [$"the message could not be decoded ({reason})"],
        };
    }

    private static T? Try<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return default;
        }
    }
}
