using AckPoller.Core.Replies;
using AckPoller.Mail.Mime;

namespace AckPoller.Core.Processing;

/// <summary>The analyses the poller itself writes for messages it will not let act: they are marked as "not a human
/// reply" (<see cref="ReplyAnalysis.AutoReply"/>) so the recorder logs them as ignored with the reason and answers nothing.</summary>
public static class PollerAnalyses
{
    public const string MalformedPrefix = "malformed message: ";
    public const string DuplicateReason = "duplicate: a message with the same Message-ID was already processed for this account";
    public const string PresentBeforeFirstRunReason = "present before the first run (Processing:ProcessExistingMail is false)";

    public static ReplyAnalysis Malformed(MimeMessage? message, string reason) =>
        Describe(message) with { AutoReply = true, AutoReplyReason = MalformedPrefix + reason, Warnings = [reason] };

    public static ReplyAnalysis Duplicate(ReplyAnalysis analysis) =>
        analysis with { AutoReply = true, AutoReplyReason = DuplicateReason };

    public static ReplyAnalysis PresentBeforeFirstRun() =>
        new() { AutoReply = true, AutoReplyReason = PresentBeforeFirstRunReason };

    private static ReplyAnalysis Describe(MimeMessage? message)
    {
        if (message is null)
        {
            return new ReplyAnalysis();
        }

        var from = message.From.Count > 0 ? message.From[0] : null;
        return new ReplyAnalysis
        {
            From = from?.Address,
            FromName = from?.DisplayName,
            Subject = message.Subject,
            MessageId = message.MessageId,
            InReplyTo = message.InReplyTo.Count > 0 ? message.InReplyTo[0] : null,
            References = message.References,
        };
    }
}
