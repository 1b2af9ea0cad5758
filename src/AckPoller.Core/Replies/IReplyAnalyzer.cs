using AckPoller.Mail.Mime;

namespace AckPoller.Core.Replies;

/// <summary>Reads a parsed reply: auto-reply or human, which alert, the new text, the command. Changes nothing.</summary>
public interface IReplyAnalyzer
{
    Task<ReplyAnalysis> AnalyzeAsync(MimeMessage message, CancellationToken cancellationToken);
}
