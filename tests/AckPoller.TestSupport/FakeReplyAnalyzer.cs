using AckPoller.Core.Alerts;
using AckPoller.Core.Replies;
using AckPoller.Mail.Mime;

namespace AckPoller.TestSupport;

/// <summary>Reads just enough: an alert reference in the subject matches a known alert; "Auto-Submitted: auto-replied"
/// marks an auto-reply; a subject containing "explode" makes analysis throw.</summary>
internal sealed class FakeReplyAnalyzer : IReplyAnalyzer
{
    private readonly List<string> _calls;

    public FakeReplyAnalyzer(List<string> calls) => _calls = calls;

    public Dictionary<AlertReference, Alert> Alerts { get; } = [];

    public Task<ReplyAnalysis> AnalyzeAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        _calls.Add("analyze " + message.MessageId);
        if (message.Subject?.Contains("explode", StringComparison.Ordinal) == true)
        {
            throw new InvalidOperationException("analyzer exploded");
        }

        var reference = AlertReference.TryFind(message.Subject, out var found) ? found : (AlertReference?)null;
        var alert = reference is { } r && Alerts.TryGetValue(r, out var known) ? known : null;
        var auto = message.Headers["Auto-Submitted"] is { } value && !value.Equals("no", StringComparison.OrdinalIgnoreCase);
        return Task.FromResult(new ReplyAnalysis
        {
            From = message.From[0].Address,
            Subject = message.Subject,
            MessageId = message.MessageId,
            AutoReply = auto,
            AutoReplyReason = auto ? "Auto-Submitted: " + message.Headers["Auto-Submitted"] : null,
            AlertReference = reference,
            MatchedBy = reference is null ? AlertMatch.None : AlertMatch.Subject,
            Alert = alert,
            Command = ReplyCommand.Ack,
        });
    }
}
