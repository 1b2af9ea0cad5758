using System.Text;
using AckPoller.Core.Alerts;
using AckPoller.Core.Processing;
using AckPoller.Core.Replies;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Processing;

/// <summary>A reply processor over the fakes, with one shared call log so tests can check the order of the steps.</summary>
internal sealed class ProcessingWorld
{
    public const string Account = "oncall";
    public const string Responder = "jane@contoso.com";

    private uint _nextUid = 1;

    public ProcessingWorld()
    {
        Log = new InMemoryAckLog(Calls);
        Analyzer = new FakeReplyAnalyzer(Calls);
        Policy = new FakeSenderPolicy(Calls);
        Mailbox = new FakeReplyMailbox(Calls);
        Policy.Allowed.Add(Responder);
        Alert = new Alert { Id = 1, Reference = AlertReference.Parse("AP-7K3QZ9"), Subject = "Disk full on db01", Recipients = [Responder] };
        Analyzer.Alerts[Alert.Reference] = Alert;
        Processor = new ReplyProcessor(Analyzer, Policy, Log, Log, NullLogger<ReplyProcessor>.Instance);
    }

    public List<string> Calls { get; } = [];

    public InMemoryAckLog Log { get; }

    public FakeReplyAnalyzer Analyzer { get; }

    public FakeSenderPolicy Policy { get; }

    public FakeReplyMailbox Mailbox { get; }

    public Alert Alert { get; }

    public ReplyProcessor Processor { get; }

    public Task<IReadOnlyList<MessageResult>> ProcessAsync(params FetchedMessage[] messages) =>
        Processor.ProcessBatchAsync(messages, Mailbox, default);

    public FetchedMessage Reply(string subject = "RE: [AP-7K3QZ9] Disk full on db01", string from = Responder, string? messageId = null, string extraHeaders = "") =>
        Raw($"From: Jane Doe <{from}>\r\nTo: <alerts@contoso.com>\r\nSubject: {subject}\r\nMessage-ID: <{messageId ?? Guid.NewGuid().ToString("N")}@contoso.com>\r\n" +
            $"{extraHeaders}MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nack\r\n");

    public FetchedMessage Raw(string text) => Raw(Encoding.UTF8.GetBytes(text));

    public FetchedMessage Raw(byte[] bytes)
    {
        var uid = _nextUid++;
        return new FetchedMessage(new IncomingReply(Account, "imap", $"imap:INBOX:7:{uid}", bytes, DateTimeOffset.UnixEpoch), uid);
    }

    /// <summary>The same message fetched again (same key, same bytes), as after a crash.</summary>
    public static FetchedMessage Again(FetchedMessage message) => message with { };
}
