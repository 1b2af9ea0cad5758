using AckPoller.Core.Replies;
using AckPoller.Mail.Mime;

namespace AckPoller.TestSupport;

/// <summary>Authorizes senders in <see cref="Allowed"/>.</summary>
internal sealed class FakeSenderPolicy : ISenderPolicy
{
    private readonly List<string> _calls;

    public FakeSenderPolicy(List<string> calls) => _calls = calls;

    public HashSet<string> Allowed { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Task<SenderDecision> DecideAsync(ReplyAnalysis analysis, MimeMessage message, CancellationToken cancellationToken)
    {
        _calls.Add("decide " + analysis.MessageId);
        return Task.FromResult(Allowed.Contains(analysis.From ?? string.Empty)
            ? new SenderDecision(true, "recipient of the alert")
            : new SenderDecision(false, $"{analysis.From} is not allowed to act on this alert"));
    }
}
