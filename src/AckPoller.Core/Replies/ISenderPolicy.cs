using AckPoller.Mail.Mime;

namespace AckPoller.Core.Replies;

/// <summary>Decides whether the sender of an analysed reply may act on its alert.</summary>
public interface ISenderPolicy
{
    Task<SenderDecision> DecideAsync(ReplyAnalysis analysis, MimeMessage message, CancellationToken cancellationToken);
}
