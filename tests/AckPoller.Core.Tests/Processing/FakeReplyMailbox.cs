using AckPoller.Core.Processing;

namespace AckPoller.Core.Tests.Processing;

/// <summary>Remembers where each message was filed; <see cref="FailNext"/> makes the next settle throw.</summary>
internal sealed class FakeReplyMailbox : IReplyMailbox
{
    private readonly List<string> _calls;

    public FakeReplyMailbox(List<string> calls) => _calls = calls;

    public Dictionary<string, ReplyDisposition> Filed { get; } = [];

    public Func<FetchedMessage, Exception?>? Fail { get; set; }

    public Task SettleAsync(FetchedMessage message, ReplyDisposition disposition, CancellationToken cancellationToken)
    {
        _calls.Add($"settle {message.Reply.MessageKey} {disposition}");
        if (Fail?.Invoke(message) is { } failure)
        {
            throw failure;
        }

        Filed[message.Reply.MessageKey] = disposition;
        return Task.CompletedTask;
    }
}
