using AckPoller.Mail.Mime;

namespace AckPoller.Mail.Tests.Mime.Composing;

[Trait("Category", "Unit")]
public class HeaderInjectionTests
{
    private static readonly MessageComposer Composer = ComposerFixture.Composer();

    private static readonly string[] StandardNames =
        ["From", "To", "Subject", "Date", "Message-ID", "Auto-Submitted", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"];

    public static TheoryData<string> Payloads => new()
    {
        "x\r\nBcc: victim@example.org",
        "x\nBcc: victim@example.org",
        "x\rBcc: victim@example.org",
        "x\r\n\r\nInjected body",
        "x\u0085Bcc: victim@example.org",
        "x\u2028Bcc: victim@example.org",
        "x\0\u0007\u001b\u007f\tBcc: victim@example.org",
        "Grüße\r\nBcc: victim@example.org",
        "x\r\n Bcc: folded@example.org",
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Control_characters_in_the_subject_cannot_add_a_header(string payload)
    {
        var composed = Composer.Compose(ComposerFixture.Alert(subject: payload));
        Assert.Equal(StandardNames, ComposedText.Headers(composed.Bytes).Select(h => h.Name));
        var subject = ComposedText.DecodeWords(ComposedText.Header(composed.Bytes, "Subject"));
        Assert.DoesNotContain('\r', subject);
        Assert.DoesNotContain('\n', subject);
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Control_characters_in_display_names_cannot_add_a_header(string payload)
    {
        var message = ComposerFixture.Alert() with
        {
            From = new MailboxAddress(payload, "alerts@ackpoller.example.net"),
            To = [new MailboxAddress(payload, "oncall@ops.example.com")],
        };
        var composed = Composer.Compose(message);
        Assert.Equal(StandardNames, ComposedText.Headers(composed.Bytes).Select(h => h.Name));
        Assert.EndsWith("<oncall@ops.example.com>", ComposedText.Header(composed.Bytes, "To"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Control_characters_in_extra_header_values_cannot_add_a_header(string payload)
    {
        var composed = Composer.Compose(ComposerFixture.Alert() with { ExtraHeaders = [new("X-AckPoller-Ref", payload)] });
        Assert.Equal(
            [.. StandardNames[..6], "X-AckPoller-Ref", .. StandardNames[6..]],
            ComposedText.Headers(composed.Bytes).Select(h => h.Name));
    }

    [Theory]
    [InlineData("oncall@ops.example.com\r\nBcc: victim@example.org")]
    [InlineData("oncall@ops.example.com>\r\nBcc: <victim@example.org")]
    [InlineData("on call@ops.example.com")]
    [InlineData("oncall@ops.example.com, victim@example.org")]
    [InlineData("oncall")]
    [InlineData("@ops.example.com")]
    [InlineData("oncall@")]
    [InlineData("on..call@ops.example.com")]
    [InlineData("oncall@ops..example.com")]
    [InlineData("oncall@-ops.example.com")]
    [InlineData("jörg@ops.example.com")]
    [InlineData("\"unterminated@ops.example.com")]
    [InlineData("\"bad\rquote\"@ops.example.com")]
    [InlineData("oncall@[192.0.2.1")]
    [InlineData("a@b@ops.example.com")]
    public void Invalid_addresses_are_refused_with_an_argument_exception(string address)
    {
        var error = Assert.Throws<ArgumentException>(() => Composer.Compose(ComposerFixture.Alert() with { To = [new MailboxAddress(address)] }));
        Assert.Contains("not a valid email address", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Invalid_from_and_reply_to_addresses_are_refused_too()
    {
        Assert.Throws<ArgumentException>(() => Composer.Compose(ComposerFixture.Alert() with { From = new MailboxAddress("x\r\ny") }));
        Assert.Throws<ArgumentException>(() => Composer.Compose(ComposerFixture.Alert() with { ReplyTo = new MailboxAddress("x y@z") }));
    }

    [Theory]
    [InlineData("X-Ref\r\nBcc")]
    [InlineData("X-Ref: x")]
    [InlineData("X Ref")]
    [InlineData("X-Réf")]
    [InlineData("")]
    [InlineData("Bcc")]
    [InlineData("subject")]
    [InlineData("Content-Type")]
    [InlineData("Auto-Submitted")]
    public void Invalid_or_reserved_extra_header_names_are_refused(string name) =>
        Assert.Throws<ArgumentException>(() => Composer.Compose(ComposerFixture.Alert() with { ExtraHeaders = [new(name, "v")] }));

    [Theory]
    [InlineData("id@example.com\r\nBcc: victim@example.org")]
    [InlineData("id with space@example.com")]
    [InlineData("<a@b> <c@d>")]
    [InlineData("")]
    [InlineData("id@exämple.com")]
    public void Invalid_thread_ids_are_left_out_and_the_message_still_composes(string id)
    {
        var reply = Composer.Compose(ComposerFixture.Alert() with { InReplyTo = id, References = ["good@example.com", id] });
        var text = System.Text.Encoding.ASCII.GetString(reply.Bytes);

        Assert.DoesNotContain("In-Reply-To:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bcc:", text, StringComparison.Ordinal);
        Assert.Contains("References: <good@example.com>\r\n", text, StringComparison.Ordinal);
        Assert.Equal(["good@example.com"], MimeParser.Parse(reply.Bytes).References);
    }

    [Fact]
    public void A_body_containing_a_boundary_like_line_cannot_end_its_part()
    {
        var text = "--=_ap_\r\nContent-Type: text/html\r\n\r\n<script>";
        var composed = Composer.Compose(ComposerFixture.Alert(text: text) with { HtmlBody = text });
        var contentType = ComposedText.Header(composed.Bytes, "Content-Type");
        var boundary = contentType[(contentType.IndexOf('"', StringComparison.Ordinal) + 1)..^1];
        Assert.Equal(3, ComposedText.Lines(composed.Bytes).Count(l => l.StartsWith("--" + boundary, StringComparison.Ordinal)));
    }
}
