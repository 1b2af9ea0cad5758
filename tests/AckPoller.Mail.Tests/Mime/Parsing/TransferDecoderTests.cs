using System.Text;
using AckPoller.Mail.Mime;

namespace AckPoller.Mail.Tests.Mime.Parsing;

[Trait("Category", "Unit")]
public class TransferDecoderTests
{
    private static string Qp(string encoded) => Encoding.Latin1.GetString(QuotedPrintableDecoder.Decode(Encoding.Latin1.GetBytes(encoded)));

    [Fact]
    public void Quoted_printable_soft_breaks_join_lines()
    {
        Assert.Equal("a long line that was wrapped\r\nnext", Qp("a long line =\r\nthat was =\nwrapped\r\nnext"));
        Assert.Equal("soft break with trailing blanks", Qp("soft break =  \t\r\nwith trailing blanks"));
        Assert.Equal("ends with a soft break", Qp("ends with a soft break="));
    }

    [Fact]
    public void Quoted_printable_hex_in_either_case()
    {
        Assert.Equal("é=é", Encoding.UTF8.GetString(QuotedPrintableDecoder.Decode("=C3=A9=3D=c3=a9"u8)));
    }

    [Fact]
    public void Quoted_printable_bad_escapes_are_kept_literally()
    {
        Assert.Equal("=ZZ =4 = x", Qp("=ZZ =4 = x"));
        Assert.Equal("100%=G", Qp("100%=G"));
    }

    [Fact]
    public void Quoted_printable_removes_transport_padding_but_keeps_encoded_spaces()
    {
        Assert.Equal("padded\r\nkept \r\nalso kept\t\nlast", Qp("padded   \r\nkept=20\r\nalso kept=09 \nlast"));
    }

    [Fact]
    public void Base64_ignores_line_breaks_and_noise()
    {
        Assert.Equal("Hello, World!", Encoding.ASCII.GetString(Base64Decoder.Decode("SGVsbG8s\r\nIFdv cmxk\tIQ==\r\n"u8)));
        Assert.Equal("Hello, World!", Encoding.ASCII.GetString(Base64Decoder.Decode("SGV*sbG8s!IFd\u0001vcmxkIQ"u8)));
    }

    [Fact]
    public void Base64_tolerates_bad_padding_and_concatenated_blocks()
    {
        Assert.Equal("Hi", Encoding.ASCII.GetString(Base64Decoder.Decode("SGk"u8)));
        Assert.Equal("Hi", Encoding.ASCII.GetString(Base64Decoder.Decode("SGk====="u8)));
        Assert.Equal("HiHi", Encoding.ASCII.GetString(Base64Decoder.Decode("SGk=SGk="u8)));
        Assert.Equal("Hi", Encoding.ASCII.GetString(Base64Decoder.Decode("SGkx"u8)[..2]));
        Assert.Empty(Base64Decoder.Decode("S"u8));
        Assert.Empty(Base64Decoder.Decode("===\r\n"u8));
    }

    [Fact]
    public void Base64_round_trips_random_binary()
    {
        var random = new Random(7);
        var data = new byte[10_000];
        random.NextBytes(data);
        var encoded = Convert.ToBase64String(data, Base64FormattingOptions.InsertLineBreaks);
        Assert.Equal(data, Base64Decoder.Decode(Encoding.ASCII.GetBytes(encoded)));
    }
}
