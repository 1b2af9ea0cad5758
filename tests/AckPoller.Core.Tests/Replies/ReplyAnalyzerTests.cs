using AckPoller.Core.Configuration;
using AckPoller.Core.Replies;

namespace AckPoller.Core.Tests.Replies;

[Trait(TestCategory.Name, TestCategory.Unit)]
public class ReplyAnalyzerTests
{
    [Fact]
    public async Task A_reply_is_read_field_by_field()
    {
        var alert = FakeAlertDirectory.NewAlert("AP-K3X9QZ", "ap.K3X9QZ.m4q7t2w9x1c5v8b3n6d0f2g7h1@alerts.northwind.example", "mateo.rossi@gmail.example");
        var analyzer = new ReplyAnalyzer(new RepliesOptions(), new FakeAlertDirectory(alert));

        var analysis = await analyzer.AnalyzeAsync(ReplyTestFiles.ParseMimeCorpus("gmail-reply.eml"), CancellationToken.None);

        Assert.Equal("mateo.rossi@gmail.example", analysis.From);
        Assert.Equal("Mateo Rossi", analysis.FromName);
        Assert.Equal("Re: [ALERT] db-01: disk /var 97% full", analysis.Subject);
        Assert.Equal("CAHk7mP2xq+3N5bV9wT0jR4s8LzYqE1cF6uA2dG7hK9oW3=pQ_w@mail.gmail.example", analysis.MessageId);
        Assert.Equal("ap.K3X9QZ.m4q7t2w9x1c5v8b3n6d0f2g7h1@alerts.northwind.example", analysis.InReplyTo);
        Assert.Equal(["ap.K3X9QZ.m4q7t2w9x1c5v8b3n6d0f2g7h1@alerts.northwind.example"], analysis.References);
        Assert.False(analysis.AutoReply);
        Assert.Null(analysis.AutoReplyReason);
        Assert.Same(alert, analysis.Alert);
        Assert.Equal(AlertMatch.InReplyTo, analysis.MatchedBy);
        Assert.Equal("Ack, rolling the logs now.", analysis.NewText);
        Assert.Equal(ReplyCommand.Ack, analysis.Command);
        Assert.Null(analysis.Argument);
        Assert.Equal("rolling the logs now.", analysis.Comment);
        Assert.Empty(analysis.Warnings);
    }

    [Fact]
    public async Task An_out_of_office_reply_is_marked_with_its_reason()
    {
        var analysis = await new ReplyAnalyzer(new RepliesOptions(), null).AnalyzeAsync(ReplyTestFiles.ParseMimeCorpus("out-of-office-exchange.eml"), CancellationToken.None);

        Assert.True(analysis.AutoReply);
        Assert.Equal("auto-reply: Auto-Submitted: auto-replied", analysis.AutoReplyReason);
        Assert.Equal(ReplyCommand.None, analysis.Command);
    }

    [Fact]
    public async Task Snooze_with_its_argument_and_a_subject_match()
    {
        var message = ReplyTestFiles.Parse("""
            From: "Jane Doe" <jane@contoso.example>
            Subject: AW: WG: [AP-7KMQZ9] api latency
            Message-ID: <s1@contoso.example>
            Content-Type: text/plain; charset=utf-8

            Snooze 2 hours - deploy in progress

            Am 24.11.2025 um 10:05 schrieb AckPoller Alerts <alerts@northwind.example>:
            > ack to acknowledge
            """);

        var analysis = await new ReplyAnalyzer(new RepliesOptions(), null).AnalyzeAsync(message, CancellationToken.None);

        Assert.Equal("AP-7KMQZ9", analysis.AlertReference?.ToString());
        Assert.Equal(AlertMatch.Subject, analysis.MatchedBy);
        Assert.Null(analysis.Alert);
        Assert.Equal(ReplyCommand.Snooze, analysis.Command);
        Assert.Equal("2h", analysis.Argument);
        Assert.Equal("deploy in progress", analysis.Comment);
    }

    [Fact]
    public async Task A_snooze_without_duration_is_warned_about()
    {
        var message = ReplyTestFiles.Parse("""
            From: jane@contoso.example
            Subject: Re: [AP-7KMQZ9]

            snooze please
            """);

        var analysis = await new ReplyAnalyzer(new RepliesOptions(), null).AnalyzeAsync(message, CancellationToken.None);

        Assert.Equal(ReplyCommand.Snooze, analysis.Command);
        Assert.Contains("snooze needs a duration such as 30m, 2h or 1d", analysis.Warnings);
    }
}
