using System.Text;
using AckPoller.Mail.Mime;

namespace AckPoller.Mail.Tests.Mime.Composing;

[Trait("Category", "Unit")]
public class ContentTransferEncoderTests
{
    private static OutgoingTransferEncoding Choose(string text) => ContentTransferEncoder.Choose(ComposerText.ToCrlfUtf8(text));

    [Fact]
    public void Short_ascii_lines_are_7bit() =>
        Assert.Equal(OutgoingTransferEncoding.SevenBit, Choose("Alert: disk full on db-01\nReply ACK to acknowledge.\n"));

    [Fact]
    public void Accented_text_is_quoted_printable() =>
        Assert.Equal(OutgoingTransferEncoding.QuotedPrintable, Choose("L'alerte a été acquittée par Hélène à 10h.\n"));

    [Fact]
    public void Ascii_with_a_long_line_is_quoted_printable() =>
        Assert.Equal(OutgoingTransferEncoding.QuotedPrintable, Choose(new string('a', 5000)));

    [Fact]
    public void Ascii_with_control_characters_is_not_7bit() =>
        Assert.Equal(OutgoingTransferEncoding.QuotedPrintable, Choose("bell\u0007 here"));

    [Theory]
    [InlineData("アラートが確認されました。担当者：山田")]
    [InlineData("告警已确认，负责人：王伟")]
    [InlineData("🔥🚨✅🔥🚨✅")]
    [InlineData("Тревога подтверждена дежурным инженером")]
    public void Mostly_non_ascii_text_is_base64(string text) =>
        Assert.Equal(OutgoingTransferEncoding.Base64, Choose(text));

    [Fact]
    public void Quoted_printable_lines_stay_within_76_and_decode_back()
    {
        var text = new string('a', 5000) + "\r\n" + string.Concat(Enumerable.Repeat("é=ü ", 300)) + "\r\ntrailing space \r\nFrom here\r\nend\t";
        var input = Encoding.UTF8.GetBytes(text);
        var encoded = QuotedPrintableEncoder.Encode(input);

        var lines = Encoding.ASCII.GetString(encoded).Split("\r\n");
        Assert.All(lines, l => Assert.InRange(l.Length, 0, 76));
        Assert.All(lines, l => Assert.False(l.EndsWith(' ') || l.EndsWith('\t'), "unencoded trailing whitespace"));
        Assert.Contains("=46rom here", lines);
        Assert.Contains("trailing space=20", lines);
        Assert.Equal(input, ComposedText.DecodeQuotedPrintable(encoded));
    }

    [Fact]
    public void Soft_breaks_never_split_an_escape()
    {
        foreach (var prefix in Enumerable.Range(0, 6))
        {
            var input = Encoding.UTF8.GetBytes(new string('x', prefix) + string.Concat(Enumerable.Repeat("ééé", 40)));
            var encoded = QuotedPrintableEncoder.Encode(input);
            foreach (var line in Encoding.ASCII.GetString(encoded).Split("\r\n"))
            {
                var body = line.EndsWith('=') ? line[..^1] : line;
                Assert.DoesNotMatch("=[0-9A-F]?$", body);
            }

            Assert.Equal(input, ComposedText.DecodeQuotedPrintable(encoded));
        }
    }

    [Fact]
    public void Base64_lines_are_76_characters_without_a_final_break()
    {
        var input = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        var encoded = Encoding.ASCII.GetString(Base64LineEncoder.Encode(input));
        var lines = encoded.Split("\r\n");
        Assert.All(lines[..^1], l => Assert.Equal(76, l.Length));
        Assert.False(encoded.EndsWith("\r\n", StringComparison.Ordinal));
        Assert.Equal(input, Convert.FromBase64String(encoded.Replace("\r\n", "", StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_kind_of_line_break_becomes_crlf() =>
        Assert.Equal("a\r\nb\r\nc\r\nd\r\n\r\ne"u8.ToArray(), ComposerText.ToCrlfUtf8("a\nb\rc\r\nd\n\re"));
}
