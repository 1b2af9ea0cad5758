using AckPoller.Mail.Mime;

namespace AckPoller.Mail.Tests.Mime.Parsing;

[Trait("Category", "Unit")]
public class MessageIdParserTests
{
    [Fact]
    public void Ids_lose_their_brackets()
    {
        Assert.Equal(["a1@example.com", "b2@example.com"], MessageIdParser.ParseIds("<a1@example.com> <b2@example.com>"));
    }

    [Fact]
    public void Folding_comments_commas_and_phrases_between_ids_are_skipped()
    {
        Assert.Equal(
            ["one@x.test", "two@x.test", "three@x.test"],
            MessageIdParser.ParseIds("<one@x.test>,\r\n\t<two@x.test> (comment <not@an.id>) \"Your message of Tue\" <three@x.test>"));
    }

    [Fact]
    public void Missing_brackets_are_tolerated()
    {
        Assert.Equal(["bare@example.com", "second@example.com"], MessageIdParser.ParseIds("bare@example.com second@example.com"));
        Assert.Equal(["x@y.test"], MessageIdParser.ParseIds("Your message of Monday <x@y.test>"));
    }

    [Fact]
    public void Whitespace_inside_an_id_from_bad_folding_is_removed()
    {
        Assert.Equal(["abc@example.com"], MessageIdParser.ParseIds("<abc@exa\r\n mple.com>"));
    }

    [Fact]
    public void Comments_inside_an_id_are_removed_as_rfc_5322_obsolete_syntax_allows()
    {
        // RFC 5322 Appendix A.6.3.
        Assert.Equal("1234@local.machine.example", MessageIdParser.ParseMessageId("<1234   @   local(blah)  .machine .example>"));
        Assert.Equal(["a@b(c.test"], MessageIdParser.ParseIds("<a@b(c.test>"));
    }

    [Fact]
    public void Message_id_without_at_is_kept_rather_than_lost()
    {
        Assert.Equal("local-part-only", MessageIdParser.ParseMessageId(" <local-part-only> "));
        Assert.Null(MessageIdParser.ParseMessageId("  "));
    }

    [Fact]
    public void Message_properties()
    {
        var message = MimeParser.Parse("Message-ID: <id1@host>\r\nIn-Reply-To: <alert-42@ackpoller.test>\r\nReferences: <r1@x> <r2@x>\r\n <alert-42@ackpoller.test>\r\n\r\n"u8.ToArray());
        Assert.Equal("id1@host", message.MessageId);
        Assert.Equal(["alert-42@ackpoller.test"], message.InReplyTo);
        Assert.Equal(["r1@x", "r2@x", "alert-42@ackpoller.test"], message.References);
        Assert.Empty(MimeParser.Parse("Subject: x\r\n\r\n"u8.ToArray()).References);
    }
}
