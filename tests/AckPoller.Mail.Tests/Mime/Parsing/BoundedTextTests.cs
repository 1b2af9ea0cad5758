using System.Text;
using AckPoller.Mail.Mime;

namespace AckPoller.Mail.Tests.Mime.Parsing;

/// <summary>Issue 11 (memory): reading the top of a large body decodes only a bounded prefix of it, and gives the same
/// characters as decoding it whole would.</summary>
[Trait("Category", "Unit")]
public class BoundedTextTests
{
    private const int Max = 1000;

    [Theory]
    [InlineData("7bit")]
    [InlineData("base64")]
    [InlineData("quoted-printable")]
    public void A_large_body_gives_the_first_characters_of_the_whole_text(string encoding)
    {
        var line = "Ack héllo wörld, line of text that is long enough to need a soft break somewhere near the end";
        var body = string.Concat(Enumerable.Range(0, 5_000).Select(i => $"{i} {line}\r\n"));
        var message = MimeParser.Parse(Build(body, encoding, "text/plain; charset=utf-8"));

        var whole = message.GetTextBody()!;
        var top = message.GetTextBody(Max)!;

        Assert.True(((MimePart)message.Body).RawContent.Length > MimePart.PrefixBytes(Max));
        Assert.Equal(Max, top.Length);
        Assert.Equal(whole[..Max], top);
    }

    [Fact]
    public void A_body_that_fits_is_read_whole_and_only_cut()
    {
        var message = MimeParser.Parse(Build("short\r\nreply\r\n", "7bit", "text/plain; charset=utf-8"));

        Assert.Equal("short\nreply\n", message.GetTextBody(Max));
        Assert.Equal("short", message.GetTextBody(5));
    }

    [Fact]
    public void A_multi_byte_character_at_the_cut_is_not_split_into_a_wrong_charset_guess()
    {
        // Undeclared charset: UTF-8 is recognised only when the bytes are valid, so the prefix must end on a line end.
        var body = string.Concat(Enumerable.Repeat("xééééééééééééééééééééééééééééééé\r\n", 2_000));
        var message = MimeParser.Parse(Build(body, "8bit", "text/plain"));

        var top = message.GetTextBody(Max)!;

        Assert.Equal(message.GetTextBody()![..Max], top);
        Assert.DoesNotContain('Ã', top);
    }

    [Fact]
    public void Html_is_cut_too()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<p>ack</p>\r\n", 2_000)) + "</body></html>";
        var message = MimeParser.Parse(Build(html, "base64", "text/html; charset=us-ascii"));

        Assert.Equal(message.GetHtmlBody()![..Max], message.GetHtmlBody(Max));
    }

    [Fact]
    public void A_negative_length_is_refused()
    {
        var message = MimeParser.Parse(Build("x\r\n", "7bit", "text/plain"));

        Assert.Throws<ArgumentOutOfRangeException>(() => message.GetTextBody(-1));
    }

    private static byte[] Build(string body, string encoding, string contentType)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var content = encoding switch
        {
            "base64" => Base64Lines(bytes),
            "quoted-printable" => Encoding.ASCII.GetString(QuotedPrintableEncoder.Encode(bytes)),
            _ => body,
        };
        return Encoding.UTF8.GetBytes(
            $"From: <a@example.test>\r\nTo: <b@example.test>\r\nSubject: big\r\nMIME-Version: 1.0\r\nContent-Type: {contentType}\r\nContent-Transfer-Encoding: {encoding}\r\n\r\n{content}");
    }

    private static string Base64Lines(byte[] bytes)
    {
        var all = Convert.ToBase64String(bytes);
        var builder = new StringBuilder();
        for (var i = 0; i < all.Length; i += 76)
        {
            builder.Append(all, i, Math.Min(76, all.Length - i)).Append("\r\n");
        }

        return builder.ToString();
    }
}
