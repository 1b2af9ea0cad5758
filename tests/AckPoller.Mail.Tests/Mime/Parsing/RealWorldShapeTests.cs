using System.Text;
using AckPoller.Mail.Mime;
using AckPoller.Mail.Tests.Mime.Corpus;

namespace AckPoller.Mail.Tests.Mime.Parsing;

/// <summary>Issue 10's MIME shapes, each from its own bytes, parsed whole and read from a stream one byte and one line at a time.</summary>
[Trait("Category", "Unit")]
public class RealWorldShapeTests
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private static byte[] Bytes(string text) => MimeTestMessages.Crlf(text);

    /// <summary>Parses the bytes whole, byte by byte and line by line from a non-seekable stream; all three must agree.</summary>
    private static MimeMessage ParseEveryWay(byte[] bytes)
    {
        var whole = MimeParser.Parse(bytes);
        var expected = MimeTestMessages.Describe(whole);
        var byByte = MimeParser.ParseAsync(new ChunkedReadStream(bytes, _ => 1)).GetAwaiter().GetResult();
        Assert.Equal(expected, MimeTestMessages.Describe(byByte));
        var lineLengths = new Queue<int>(LineLengths(bytes));
        var byLine = MimeParser.ParseAsync(new ChunkedReadStream(bytes, max => lineLengths.Count > 0 ? Math.Min(max, lineLengths.Dequeue()) : max)).GetAwaiter().GetResult();
        Assert.Equal(expected, MimeTestMessages.Describe(byLine));
        return whole;
    }

    private static IEnumerable<int> LineLengths(byte[] bytes)
    {
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                yield return i + 1 - start;
                start = i + 1;
            }
        }

        if (start < bytes.Length)
        {
            yield return bytes.Length - start;
        }
    }

    [Fact]
    public void Utf8_byte_order_mark_before_the_first_header_is_skipped()
    {
        var bytes = Bom.Concat(Bytes("From: Ann <ann@example.com>\nSubject: Re: [ALERT] disk full\nContent-Type: text/plain; charset=utf-8\n\nack – on it\n")).ToArray();
        var message = ParseEveryWay(bytes);
        Assert.Equal("Re: [ALERT] disk full", message.Subject);
        Assert.Equal("ann@example.com", Assert.Single(message.From).Address);
        Assert.Equal("ack – on it\n", message.GetTextBody());
        Assert.Contains(message.Warnings, w => w.Contains("byte-order mark", StringComparison.Ordinal));
    }

    [Fact]
    public void Broken_folding_does_not_end_the_header_block()
    {
        var message = ParseEveryWay(Bytes(
            "From: a@example.com\nSubject: Re: a long subject that a broken mailer folded\nwithout white space\nContent-Type: text/html; charset=utf-8\n\n<p>resolve</p>\n"));
        Assert.Equal("text/html", message.Body.ContentType.MimeType);
        Assert.Equal("Re: a long subject that a broken mailer folded", message.Subject);
        Assert.Equal("resolve", message.GetTextBody()?.Trim());
        Assert.Contains(message.Warnings, w => w.Contains("broken folding", StringComparison.Ordinal));
    }

    [Fact]
    public void A_non_field_line_with_no_field_after_it_still_starts_the_body()
    {
        var message = ParseEveryWay(Bytes("From: a@example.com\nSubject: x\nack, looking now\nsecond line\n\nmore\n"));
        Assert.Equal("ack, looking now\nsecond line\n\nmore\n", message.GetTextBody());
        Assert.Equal(2, message.Headers.Count);
    }

    [Fact]
    public void Body_text_that_looks_like_a_field_does_not_make_the_line_before_it_broken_folding()
    {
        var message = ParseEveryWay(Bytes("From: a@example.com\nContent-Type: text/plain\nack, looking\nETA: 10 min\n\nmore\n"));
        Assert.Equal("ack, looking\nETA: 10 min\n\nmore\n", message.GetTextBody());
        var folded = ParseEveryWay(Bytes("From: a@example.com\nSubject: long\nrest of it\nx-mailer: Foo\ncontent-type: text/html\n\n<p>ack</p>\n"));
        Assert.Equal("text/html", folded.Body.ContentType.MimeType);
    }

    [Fact]
    public void Related_root_is_chosen_by_type_when_start_is_absent_and_an_image_comes_first()
    {
        var message = ParseEveryWay(Bytes(
            "From: a@example.com\nContent-Type: multipart/related; boundary=\"r\"; type=\"text/html\"\n\n--r\nContent-Type: image/png\nContent-ID: <logo@x>\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n--r\nContent-Type: text/html; charset=utf-8\n\n<p>resolve &mdash; fixed</p>\n--r--\n"));
        Assert.Equal("resolve — fixed", message.GetTextBody()?.Trim());
        Assert.Contains("resolve", message.GetHtmlBody(), StringComparison.Ordinal);
    }

    [Fact]
    public void Related_root_by_start_still_wins_and_text_first_stays_the_root()
    {
        var byStart = ParseEveryWay(Bytes(
            "Content-Type: multipart/related; boundary=\"r\"; type=\"text/html\"; start=\"<b@x>\"\n\n--r\nContent-Type: text/html\nContent-ID: <a@x>\n\n<p>not me</p>\n--r\nContent-Type: text/html\nContent-ID: <b@x>\n\n<p>me</p>\n--r--\n"));
        Assert.Equal("<p>me</p>", byStart.GetHtmlBody());
        var textFirst = ParseEveryWay(Bytes(
            "Content-Type: multipart/related; boundary=\"r\"; type=\"text/html\"\n\n--r\nContent-Type: text/plain\n\nfirst\n--r\nContent-Type: text/html\n\n<p>second</p>\n--r--\n"));
        Assert.Equal("first", textFirst.GetTextBody());
    }

    [Fact]
    public void Addresses_without_a_domain_are_kept_as_local_part_mailboxes()
    {
        // RFC 2046 §5.1.1's own example header and RFC 822 style lists.
        var message = ParseEveryWay(Bytes("From: nsb (Nathaniel Borenstein)\nTo: abel, bianchi\nCc: ned, x@example.com, Doe, John <jd@example.com>\n\nhi\n"));
        var from = Assert.Single(message.From);
        Assert.Equal(("Nathaniel Borenstein", "nsb", "nsb", ""), (from.DisplayName, from.Address, from.LocalPart, from.Domain));
        Assert.Equal(["abel", "bianchi"], message.To.Select(a => a.Address));
        Assert.Equal([(null, "ned"), (null, "x@example.com"), ("Doe, John", "jd@example.com")], message.Cc.Select(a => (a.DisplayName, a.Address)));
    }

    [Fact]
    public void Multi_word_phrases_without_an_address_are_still_dropped()
    {
        Assert.Empty(AddressParser.Parse("Nathaniel Borenstein"));
        Assert.Equal(["abel"], AddressParser.Parse("abel, Team Lead").Select(a => a.Address));
        Assert.Equal(["abel", "g@example.com"], AddressParser.Parse("abel, Group: g@example.com;").Select(a => a.Address));
    }

    [Fact]
    public void Unquoted_display_name_with_an_at_sign_keeps_it()
    {
        var message = ParseEveryWay(Bytes("From: joe@work <joe@example.com>\nTo: Ops@Night <ops@example.com>, plain@example.com\n\nhi\n"));
        Assert.Equal(("joe@work", "joe@example.com"), (message.From[0].DisplayName, message.From[0].Address));
        Assert.Equal([("Ops@Night", "ops@example.com"), (null, "plain@example.com")], message.To.Select(a => (a.DisplayName, a.Address)));
    }

    [Fact]
    public void Empty_boundary_splits_on_bare_dashes_with_a_warning()
    {
        var message = ParseEveryWay(Bytes(
            "From: a@example.com\nContent-Type: multipart/mixed; boundary=\"\"\n\n--\nContent-Type: text/plain\n\nack first\n--\nContent-Type: text/plain\nContent-Disposition: attachment; filename=\"log.txt\"\n\nlog\n----\n"));
        var multipart = Assert.IsType<Multipart>(message.Body);
        Assert.Equal(2, multipart.Parts.Count);
        Assert.Equal("ack first", message.GetTextBody());
        Assert.Equal("log.txt", Assert.Single(message.Attachments).FileName);
        Assert.Contains(message.Warnings, w => w.Contains("empty boundary", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_boundary_is_still_text_plain()
    {
        var message = ParseEveryWay(Bytes("Content-Type: multipart/mixed\n\n--x\n\nhi\n"));
        Assert.IsType<MimePart>(message.Body);
        Assert.Contains(message.Warnings, w => w.Contains("without a boundary", StringComparison.Ordinal));
    }

    [Fact]
    public void Utf7_bodies_and_encoded_words_are_decoded()
    {
        var message = ParseEveryWay(Bytes(
            "From: =?utf-7?Q?Ren+AOk-?= <r@example.com>\nSubject: =?UTF-7?B?UmU6IGNhZitBT2st?= =?utf-7?Q?_+ZeVnLIqe-?=\nContent-Type: text/plain; charset=utf-7\n\nack +AOk-t+AOk- 1 +- 1, +2D3eAA-\n"));
        Assert.Equal("Re: café 日本語", message.Subject);
        Assert.Equal("René", message.From[0].DisplayName);
        Assert.Equal("ack été 1 + 1, 😀\n", message.GetTextBody());
        Assert.DoesNotContain(message.Warnings, w => w.Contains("charset", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("+AGEAYgBj-", "abc")]
    [InlineData("Hi Mom -+Jjo--!", "Hi Mom -☺-!")]
    [InlineData("+ZeVnLIqe-", "日本語")]
    [InlineData("A+ImIDkQ.", "A≢Α.")]
    [InlineData("a+-b", "a+b")]
    [InlineData("+2D3eAA", "😀")]
    [InlineData("+2D0-x", "\uFFFDx")]
    [InlineData("+!", "!")]
    [InlineData("+", "")]
    public void Utf7_decoder_follows_rfc_2152(string encoded, string expected)
    {
        Assert.Equal(expected, CharsetDecoder.Decode(Encoding.ASCII.GetBytes(encoded), "utf-7"));
    }

    [Fact]
    public void Utf7_decoder_replaces_8bit_bytes_and_never_throws()
    {
        Assert.Equal("a\uFFFDb", CharsetDecoder.Decode([(byte)'a', 0xE9, (byte)'b'], "UTF-7"));
        Assert.True(CharsetDecoder.IsKnown("unicode-1-1-utf-7"));
    }

    [Theory]
    [InlineData("utf-7")]
    [InlineData("UTF-7")]
    [InlineData("x-unknown-thing")]
    public void Looking_up_an_encoding_dotnet_refuses_gives_null_not_an_exception(string charset)
    {
        // .NET 5+ refuses "utf-7" by name with NotSupportedException; that once crashed `ackpoller explain`.
        Assert.Null(CharsetDecoder.GetEncoding(charset));
    }

    [Theory]
    [InlineData("windows-1251", new byte[] { 0xCF, 0xF0, 0xE8 }, "При")]
    [InlineData("koi8-r", new byte[] { 0xF0, 0xD2, 0xC9 }, "При")]
    [InlineData("iso-8859-2", new byte[] { 0xB1 }, "ą")]
    [InlineData("cp850", new byte[] { 0x82 }, "é")]
    public void Legacy_code_pages_come_from_the_code_pages_provider(string charset, byte[] bytes, string expected)
    {
        Assert.Equal(expected, CharsetDecoder.Decode(bytes, charset));
    }

    [Theory]
    [InlineData("x-unknown-thing")]
    [InlineData("utf-32be")]
    [InlineData("utf-16")]
    [InlineData("iso-2022-jp")]
    [InlineData("hz-gb-2312")]
    [InlineData("x-mac-japanese")]
    [InlineData("\"\"")]
    [InlineData("cp99999")]
    public void No_charset_makes_decoding_throw(string charset)
    {
        byte[] junk = [0xFF, 0xFE, 0x00, 0xD8, 0x1B, 0x24, 0x42, 0x7E, 0x7B, 0xE9, 0x00];
        var message = MimeParser.Parse(Encoding.Latin1.GetBytes($"Subject: =?{charset}?B?//4A2BskQn57?=\r\nContent-Type: text/plain; charset={charset}\r\n\r\n").Concat(junk).ToArray());
        Assert.NotNull(message.Subject);
        Assert.NotNull(message.GetTextBody());
        Assert.NotNull(CharsetDecoder.Decode(junk, charset));
    }

    [Fact]
    public void Unknown_charset_is_read_best_effort_with_a_warning()
    {
        var message = ParseEveryWay(Encoding.Latin1.GetBytes("Content-Type: text/plain; charset=x-klingon\r\n\r\nh\u00e9llo\r\n"));
        Assert.Equal("h\u00e9llo\n", message.GetTextBody());
        Assert.Contains(message.Warnings, w => w.Contains("unknown charset", StringComparison.Ordinal));
    }

    [Fact]
    public void Encoded_word_in_an_unknown_charset_is_read_best_effort_with_a_warning()
    {
        var message = ParseEveryWay(Bytes("From: =?x-klingon?Q?Kor?= <k@example.com>\nSubject: =?utf-8?Q?ok?= =?x-tlh?B?w6k=?=\n\nack\n"));
        Assert.Equal("Kor", message.From[0].DisplayName);
        Assert.Equal("oké", message.Subject);
        Assert.Contains(message.Warnings, w => w.StartsWith("From: encoded word in unknown charset \"x-klingon\"", StringComparison.Ordinal));
        Assert.Contains(message.Warnings, w => w.StartsWith("Subject: encoded word in unknown charset \"x-tlh\"", StringComparison.Ordinal));
        Assert.Empty(ParseEveryWay(Bytes("Subject: =?utf-7?Q?a+AOk-?= =?iso-8859-1?Q?=E9?=\n\nack\n")).Warnings);
    }

    [Fact]
    public void Message_rfc822_sent_as_an_attachment_is_listed_among_attachments()
    {
        var message = ParseEveryWay(Bytes(
            "From: a@example.com\nContent-Type: multipart/mixed; boundary=\"m\"\n\n--m\nContent-Type: text/plain\n\nack, see the forwarded alert\n--m\nContent-Type: message/rfc822\nContent-Disposition: attachment; filename=\"Alert 42.eml\"\n\nFrom: alerts@example.com\nSubject: [ALERT] 42\n\nalert body\n--m\nContent-Type: message/rfc822\n\nFrom: b@example.com\nSubject: inline forward\n\nnot an attachment\n--m--\n"));
        var attachment = Assert.Single(message.Attachments);
        Assert.Equal("Alert 42.eml", attachment.FileName);
        Assert.Equal("message/rfc822", attachment.ContentType.MimeType);
        Assert.StartsWith("From: alerts@example.com", Encoding.ASCII.GetString(attachment.DecodeContent()), StringComparison.Ordinal);
        var embedded = Assert.IsType<MessagePart>(((Multipart)message.Body).Parts[1]);
        Assert.Equal("[ALERT] 42", embedded.Message.Subject);
        Assert.Equal("ack, see the forwarded alert", message.GetTextBody());
    }
}
