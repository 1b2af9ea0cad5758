using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;
using AckPoller.Core.Replies;
using AckPoller.Mail.Mime;

namespace AckPoller.Core.Tests.Replies;

/// <summary>Replies to an alert as AlertEmailComposer really writes it (footer, Message-ID, X-AckPoller-Ref): the alert
/// itself is our own mail, its Message-ID leads back to the reference, and its footer quoted in text or HTML never
/// gives a command.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public class RealAlertReplyTests
{
    private static readonly AlertReference Reference = AlertReference.Parse("AP-K3X9QZ");
    private static readonly ComposedMessage Alert = new AlertEmailComposer(
            new AlertMailIdentity(new MailboxAddress("AckPoller", "alerts@northwind.example"), new MailboxAddress("alerts@northwind.example"), "alerts.northwind.example", null),
            TimeProvider.System)
        .Compose(Reference, new RaiseAlertRequest { Subject = "db-01: disk /var 97% full", Body = "Disk /var on db-01 is 97% full.", Severity = "critical", Recipients = ["priya@contoso.example"] });

    private static readonly MimeMessage AlertMessage = MimeParser.Parse(Alert.Bytes);

    [Fact]
    public void The_alert_email_is_our_own_mail()
    {
        var classification = new ReplyClassifier(new RepliesOptions()).Classify(AlertMessage);

        Assert.True(classification.IsAutoReply);
        Assert.StartsWith("AckPoller's own mail", classification.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", ReplyCommand.None)]
    [InlineData("Thanks", ReplyCommand.None)]
    [InlineData("snooze 1h", ReplyCommand.Snooze)]
    public async Task A_plain_reply_quoting_the_footer_gives_only_its_own_command(string newText, ReplyCommand command)
    {
        var quoted = string.Join("\n", AlertMessage.GetTextBody()!.Split('\n').Select(line => "> " + line));
        var reply = Reply("text/plain", $"{newText}\n\nOn Mon, Nov 24, 2025 at 10:05 AM AckPoller <alerts@northwind.example> wrote:\n{quoted}\n");

        var analysis = await Analyze(reply);

        Assert.Equal(newText, analysis.NewText);
        Assert.Equal(command, analysis.Command);
        Assert.Equal(AlertMatch.InReplyTo, analysis.MatchedBy);
        Assert.Equal(Reference, analysis.AlertReference);
    }

    [Theory]
    [InlineData("", ReplyCommand.None)]
    [InlineData("Thanks", ReplyCommand.None)]
    [InlineData("resolve", ReplyCommand.Resolve)]
    public async Task An_html_only_reply_embedding_the_alert_gives_only_its_own_command(string newText, ReplyCommand command)
    {
        var alertHtml = AlertMessage.GetHtmlBody()!;
        var alertBody = alertHtml[(alertHtml.IndexOf("<body>", StringComparison.Ordinal) + 6)..alertHtml.IndexOf("</body>", StringComparison.Ordinal)];
        var reply = Reply("text/html", $"<html><body><div>{newText}</div><div id=\"appendonsend\"></div><hr><div id=\"divRplyFwdMsg\"><b>From:</b> AckPoller</div>{alertBody}</body></html>");

        var analysis = await Analyze(reply);

        Assert.Equal(newText, analysis.NewText);
        Assert.Equal(command, analysis.Command);
    }

    private static Task<ReplyAnalysis> Analyze(MimeMessage message) =>
        new ReplyAnalyzer(new RepliesOptions(), null, "alerts.northwind.example").AnalyzeAsync(message, CancellationToken.None);

    private static MimeMessage Reply(string type, string body) => ReplyTestFiles.Parse($"""
        From: Priya <priya@contoso.example>
        To: alerts@northwind.example
        Subject: RE: [AP-K3X9QZ] db-01: disk /var 97% full
        Message-ID: <r1@contoso.example>
        In-Reply-To: <{Alert.MessageId}>
        References: <{Alert.MessageId}>
        Content-Type: {type}; charset=utf-8

        {body}
        """);
}
