using AckPoller.Core.Configuration;
using AckPoller.Core.Replies;

namespace AckPoller.Core.Tests.Replies;

/// <summary>Replies as real clients write them (the MIME corpus of AckPoller.Mail.Tests): the new text, the command and
/// the comment, from the body the analyzer chooses and, for messages with HTML, from the HTML alone (HtmlTextConverter ends a paragraph with one line break).</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public class MimeCorpusReplyTests
{
    public static TheoryData<string, string, ReplyCommand, string?> Replies => new()
    {
        { "android-samsung-reply.eml", "ACK", ReplyCommand.Ack, null },
        { "apple-mail-reply.eml", "Ack — Zoë here, I’ll take it.", ReplyCommand.Ack, "Zoë here, I’ll take it." },
        { "gmail-reply.eml", "Ack, rolling the logs now.", ReplyCommand.Ack, "rolling the logs now." },
        { "iphone-reply.eml", "Ack", ReplyCommand.Ack, null },
        { "outlook-desktop-original-message-cp1252.eml", "Ack. I’m on it – the “nightly” export ran twice. Cost so far: €0.\n\nRegards,\nJürgen", ReplyCommand.Ack, "I’m on it – the “nightly” export ran twice. Cost so far: €0.\n\nRegards,\nJürgen" },
        { "outlook-desktop-reply-utf8-qp.eml", "ack – looking at it now, will clear old WAL segments.\n\nPriya", ReplyCommand.Ack, "looking at it now, will clear old WAL segments.\n\nPriya" },
        { "outlook-web-reply-base64.eml", "ack", ReplyCommand.Ack, null },
        { "html-only-reply-iso-8859-1.eml", "ack — François s'en occupe.\nCordialement,\nFrançois Lévêque", ReplyCommand.Ack, "François s'en occupe.\nCordialement,\nFrançois Lévêque" },
        { "thunderbird-reply-flowed.eml", "ACK. Vacuum is running, expect the alert to clear in about twenty minutes.\n\n/Erik", ReplyCommand.Ack, "Vacuum is running, expect the alert to clear in about twenty minutes.\n\n/Erik" },
        { "plain-ascii-ack-no-mime-version.eml", "ack", ReplyCommand.Ack, null },
    };

    public static TheoryData<string, string> HtmlParts => new()
    {
        { "android-samsung-reply.eml", "ACK" },
        { "gmail-reply.eml", "Ack, rolling the logs now." },
        { "iphone-reply.eml", "Ack" },
        { "outlook-desktop-reply-utf8-qp.eml", "ack – looking at it now, will clear old WAL segments.\nPriya" },
        { "outlook-web-reply-base64.eml", "ack" },
        { "html-only-reply-iso-8859-1.eml", "ack — François s'en occupe.\nCordialement,\nFrançois Lévêque" },
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public async Task Client_replies_give_their_new_text_and_command(string file, string newText, ReplyCommand command, string? comment)
    {
        var message = ReplyTestFiles.ParseMimeCorpus(file);
        var analysis = await new ReplyAnalyzer(new RepliesOptions(), directory: null).AnalyzeAsync(message, CancellationToken.None);

        Assert.False(analysis.AutoReply, analysis.AutoReplyReason);
        Assert.Equal(newText, analysis.NewText);
        Assert.Equal(command, analysis.Command);
        Assert.Equal(comment, analysis.Comment);
        Assert.Equal("AP-K3X9QZ", analysis.AlertReference?.ToString());
        Assert.Equal(AlertMatch.InReplyTo, analysis.MatchedBy);
    }

    [Theory]
    [MemberData(nameof(HtmlParts))]
    public void The_html_part_alone_gives_the_same_new_text(string file, string newText)
    {
        var html = ReplyTestFiles.ParseMimeCorpus(file).GetHtmlBody()!;

        Assert.Equal(newText, QuoteStripper.ExtractFromHtml(html));
    }

    [Theory]
    [InlineData("out-of-office-exchange.eml", "auto-reply: Auto-Submitted: auto-replied")]
    [InlineData("out-of-office-x-autoreply.eml", "auto-reply: X-Autoreply header")]
    [InlineData("dsn-exchange-rfc822-headers.eml", "bounce: delivery status notification (multipart/report; report-type=delivery-status)")]
    [InlineData("dsn-postfix-message-rfc822.eml", "bounce: delivery status notification (multipart/report; report-type=delivery-status)")]
    public void Auto_replies_and_bounces_in_the_corpus_are_recognised(string file, string reason)
    {
        var classification = new ReplyClassifier(new RepliesOptions()).Classify(ReplyTestFiles.ParseMimeCorpus(file));

        Assert.True(classification.IsAutoReply);
        Assert.Equal(reason, classification.Reason);
    }
}
