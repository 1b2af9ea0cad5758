using System.Text;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Processing;
using AckPoller.Core.Replies;
using AckPoller.Core.Tests.Processing;
using AckPoller.Mail.Mime;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Replies;

/// <summary>Issue 11 item 7: any exception while decoding a reply makes the analysis "unreadable" with the reason; the
/// worker records it, moves it aside and goes on. The failing decode is injected (the decoder itself no longer throws
/// for the charsets that used to crash it), so these tests hold whatever the decoder learns.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class UnreadableReplyTests
{
    private static readonly string Reply = """
        From: Jane Doe <jane@contoso.example>
        Subject: RE: [AP-7KMQZ9] api latency
        Message-ID: <u1@contoso.example>
        In-Reply-To: <ap.7KMQZ9.x@alerts.northwind.example>
        Content-Type: text/plain; charset=x-unheard-of

        ack
        """;

    public static TheoryData<Exception> DecodingFailures() =>
    [
        new NotSupportedException("No data is available for encoding 65000."),
        new DecoderFallbackException("Unable to translate bytes [FF] at index 0 from specified code page to Unicode."),
        new ArgumentException("'x-unheard-of' is not a supported encoding name."),
        new IndexOutOfRangeException(),
        new InvalidOperationException("hostile nesting"),
    ];

    [Theory]
    [MemberData(nameof(DecodingFailures))]
    public async Task Any_decoding_exception_makes_the_reply_unreadable_with_the_reason(Exception failure)
    {
        var analyzer = Analyzer(_ => throw failure, directory: null);

        var analysis = await analyzer.AnalyzeAsync(ReplyTestFiles.Parse(Reply), CancellationToken.None);

        var reason = $"{failure.GetType().Name}: {failure.Message}";
        Assert.Equal(reason, analysis.Unreadable);
        Assert.True(analysis.AutoReply);
        Assert.Equal(ReplyAnalyzer.UnreadablePrefix + reason, analysis.AutoReplyReason);
        Assert.Equal(("jane@contoso.example", "u1@contoso.example", "ap.7KMQZ9.x@alerts.northwind.example"), (analysis.From, analysis.MessageId, analysis.InReplyTo));
        Assert.Equal(ReplyCommand.None, analysis.Command);
        Assert.Contains(analysis.Warnings, w => w.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_readable_reply_is_not_unreadable()
    {
        var analysis = await new ReplyAnalyzer(new RepliesOptions(), null).AnalyzeAsync(ReplyTestFiles.Parse(Reply), CancellationToken.None);

        Assert.Null(analysis.Unreadable);
        Assert.Equal(ReplyCommand.Ack, analysis.Command);
    }

    [Fact]
    public async Task A_failing_alert_directory_is_not_the_message_s_fault_and_propagates()
    {
        var analyzer = Analyzer(QuoteStripper.Extract, new ThrowingDirectory());

        await Assert.ThrowsAsync<TimeoutException>(() => analyzer.AnalyzeAsync(ReplyTestFiles.Parse(Reply), CancellationToken.None));
    }

    [Fact]
    public async Task The_worker_records_an_unreadable_reply_once_moves_it_aside_and_processes_the_next()
    {
        var world = new ProcessingWorld();
        var calls = new List<string>();
        var analyzer = Analyzer(m => m.Subject!.Contains("poison", StringComparison.Ordinal) ? throw new DecoderFallbackException("bad bytes") : QuoteStripper.Extract(m), directory: null);
        var processor = new ReplyProcessor(analyzer, new FakeSenderPolicy(calls) { Allowed = { ProcessingWorld.Responder } }, world.Log, world.Log, NullLogger<ReplyProcessor>.Instance);

        var results = await processor.ProcessBatchAsync([world.Reply(subject: "RE: poison"), world.Reply()], world.Mailbox, default);

        Assert.Equal(MessageOutcome.Ignored, results[0].Outcome);
        Assert.True(results[1].Recorded && results[1].Outcome != MessageOutcome.Failed, results[1].Reason);
        Assert.True(results[0].Malformed);
        Assert.True(results[0].Recorded);
        Assert.Contains("unreadable: DecoderFallbackException: bad bytes", results[0].Reason, StringComparison.Ordinal);
        Assert.Equal(ReplyDisposition.Rejected, world.Mailbox.Filed["imap:INBOX:7:1"]);
        Assert.Single(calls); // the policy saw only the second reply
    }

    private static ReplyAnalyzer Analyzer(Func<MimeMessage, string> extract, IAlertDirectory? directory) =>
        new(new ReplyClassifier(new RepliesOptions(), "alerts.northwind.example"), new AlertMatcher(directory), extract);

    private sealed class ThrowingDirectory : IAlertDirectory
    {
        public Task<Alert?> FindByMessageIdAsync(string messageId, CancellationToken cancellationToken) => throw new TimeoutException("database is locked");

        public Task<Alert?> FindByReferenceAsync(AlertReference reference, CancellationToken cancellationToken) => throw new TimeoutException("database is locked");
    }
}
