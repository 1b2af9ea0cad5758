using AckPoller.Core.Configuration;
using AckPoller.Core.Replies;
using AckPoller.Mail.Mime;

namespace AckPoller.Core.Tests.Replies;

[Trait(TestCategory.Name, TestCategory.Unit)]
public class ReplyClassifierTests
{
    private static readonly ReplyClassifier Classifier = new(Options());

    [Theory]
    [InlineData("Auto-Submitted: auto-replied", "auto-reply: Auto-Submitted: auto-replied")]
    [InlineData("Auto-Submitted: auto-generated; owner-email=x@example.com", "auto-reply: Auto-Submitted: auto-generated")]
    [InlineData("Precedence: bulk", "auto-reply: Precedence: bulk")]
    [InlineData("Precedence: junk", "auto-reply: Precedence: junk")]
    [InlineData("Precedence: list", "auto-reply: Precedence: list")]
    [InlineData("X-Autoreply: yes", "auto-reply: X-Autoreply header")]
    [InlineData("X-Autorespond: vacation", "auto-reply: X-Autorespond header")]
    [InlineData("Return-Path: <>", "auto-reply or bounce: empty Return-Path (<>)")]
    [InlineData("X-Auto-Response-Suppress: All\nX-MS-Exchange-Inbox-Rules-Loop: jane@contoso.example", "auto-reply: X-Auto-Response-Suppress on mail an Exchange rule generated")]
    [InlineData("X-AckPoller-Ref: AP-K3X9QZ", "AckPoller's own mail (X-AckPoller-Ref header)")]
    public void Headers_mark_automatic_mail(string headers, string reason)
    {
        var classification = Classifier.Classify(Reply(headers, "Re: [AP-K3X9QZ] disk full"));

        Assert.True(classification.IsAutoReply);
        Assert.Equal(reason, classification.Reason);
    }

    [Theory]
    [InlineData("Automatic reply: [AP-K3X9QZ] disk full", "Automatic reply")]
    [InlineData("Out of Office: [AP-K3X9QZ] disk full", "Out of Office")]
    [InlineData("Abwesenheitsnotiz: [AP-K3X9QZ] disk full", "Abwesenheitsnotiz")]
    [InlineData("Réponse automatique : [AP-K3X9QZ] disk full", "Réponse automatique")]
    [InlineData("Respuesta automática: [AP-K3X9QZ]", "Respuesta automática")]
    [InlineData("Automatische Antwort: [AP-K3X9QZ]", "Automatische Antwort")]
    [InlineData("AutoReply: [AP-K3X9QZ]", "AutoReply")]
    public void Out_of_office_subjects_mark_auto_replies(string subject, string matched)
    {
        var classification = Classifier.Classify(Reply(string.Empty, subject));

        Assert.True(classification.IsAutoReply);
        Assert.Equal($"out-of-office auto-reply: subject starts with \"{matched}\"", classification.Reason);
    }

    [Theory]
    [InlineData("Auto-Submitted: no")]
    [InlineData("X-Auto-Response-Suppress: DR, RN, NRN, OOF, AutoReply")]
    [InlineData("Precedence: first-class")]
    [InlineData("X-Autoreply: no")]
    [InlineData("Return-Path: <priya@contoso.example>")]
    public void Human_replies_are_not_auto_replies(string headers)
    {
        var classification = Classifier.Classify(Reply(headers, "RE: [AP-K3X9QZ] disk full"));

        Assert.Equal(ReplyClassification.Human, classification);
    }

    [Theory]
    [InlineData("Re: out of office tomorrow, ack")]
    [InlineData("AW: [AP-K3X9QZ] Automatic reply settings broken")]
    public void A_human_subject_mentioning_out_of_office_is_not_an_auto_reply(string subject)
    {
        Assert.False(Classifier.Classify(Reply(string.Empty, subject)).IsAutoReply);
    }

    [Fact]
    public void Our_own_message_id_domain_is_our_own_mail()
    {
        var composed = new MessageComposer("alerts.northwind.example").Compose(new OutgoingMessage
        {
            From = new MailboxAddress("alerts@northwind.example"),
            To = [new MailboxAddress("priya@contoso.example")],
            Subject = "[AP-K3X9QZ] acknowledged",
            TextBody = "AP-K3X9QZ acknowledged by Priya at 10:42 UTC",
        });

        var classification = Classifier.Classify(MimeParser.Parse(composed.Bytes));

        Assert.True(classification.IsAutoReply);
        Assert.Equal("AckPoller's own mail (Message-ID in its domain alerts.northwind.example)", classification.Reason);
    }

    [Fact]
    public void A_reply_quoting_our_message_id_is_not_our_own_mail()
    {
        var message = Reply("In-Reply-To: <ap.K3X9QZ.abc@alerts.northwind.example>\nReferences: <ap.K3X9QZ.abc@alerts.northwind.example>", "Re: [AP-K3X9QZ]");

        Assert.False(Classifier.Classify(message).IsAutoReply);
    }

    [Fact]
    public void A_mailer_daemon_bounce_without_a_report_is_a_bounce()
    {
        var message = ReplyTestFiles.Parse("""
            From: Mail Delivery System <MAILER-DAEMON@mx.contoso.example>
            To: alerts@northwind.example
            Subject: Undelivered Mail Returned to Sender
            Message-ID: <bounce.1@mx.contoso.example>

            This is the mail system at host mx.contoso.example. I'm sorry to have to inform you ...
            """);

        var classification = Classifier.Classify(message);

        Assert.True(classification.IsAutoReply);
        Assert.Equal("bounce: subject \"Undelivered Mail Returned to Sender\" from MAILER-DAEMON@mx.contoso.example", classification.Reason);
    }

    private static RepliesOptions Options()
    {
        var options = new RepliesOptions();
        options.OwnMessageIdDomains.Add("alerts.northwind.example");
        return options;
    }

    private static MimeMessage Reply(string headers, string subject) => ReplyTestFiles.Parse(
        (headers.Length > 0 ? headers + "\n" : string.Empty) + $"""
        From: Priya Raman <priya@contoso.example>
        To: alerts@northwind.example
        Subject: {subject}
        Message-ID: <reply.1@contoso.example>

        ack
        """);
}
