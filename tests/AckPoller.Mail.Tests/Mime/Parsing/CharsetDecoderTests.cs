using AckPoller.Mail.Mime;

namespace AckPoller.Mail.Tests.Mime.Parsing;

[Trait("Category", "Unit")]
public class CharsetDecoderTests
{
    [Fact]
    public void Windows_1252_and_iso_8859_1_differ_where_they_should()
    {
        Assert.Equal("€ “quoted”", CharsetDecoder.Decode([0x80, 0x20, 0x93, 0x71, 0x75, 0x6F, 0x74, 0x65, 0x64, 0x94], "windows-1252"));
        Assert.Equal("é\u0080", CharsetDecoder.Decode([0xE9, 0x80], "ISO-8859-1"));
        Assert.Equal("€", CharsetDecoder.Decode([0x80], "cp1252"));
        Assert.Equal("Ā", CharsetDecoder.Decode([0xC0], "iso-8859-4"));
    }

    [Fact]
    public void Japanese_and_cyrillic_code_pages()
    {
        Assert.Equal("日本語", CharsetDecoder.Decode([0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x38, 0x6C, 0x1B, 0x28, 0x42], "iso-2022-jp"));
        Assert.Equal("テスト", CharsetDecoder.Decode([0x83, 0x65, 0x83, 0x58, 0x83, 0x67], "Shift_JIS"));
        Assert.Equal("Привет", CharsetDecoder.Decode([0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4], "koi8-r"));
    }

    [Fact]
    public void Undeclared_8bit_is_utf8_when_valid_else_windows_1252()
    {
        Assert.Equal("é", CharsetDecoder.Decode([0xC3, 0xA9], null));
        Assert.Equal("é€", CharsetDecoder.Decode([0xE9, 0x80], null));
        Assert.Equal("é", CharsetDecoder.Decode([0xC3, 0xA9], "us-ascii"));
    }

    [Fact]
    public void Unknown_charsets_fall_back_and_are_reported_as_unknown()
    {
        Assert.False(CharsetDecoder.IsKnown("x-no-such-charset"));
        Assert.True(CharsetDecoder.IsKnown("utf8"));
        Assert.Equal("é", CharsetDecoder.Decode([0xC3, 0xA9], "x-no-such-charset"));
        Assert.Equal("é", CharsetDecoder.Decode([0xE9], "x-no-such-charset"));
    }

    [Fact]
    public void Unknown_charset_in_a_text_part_is_a_warning()
    {
        var message = MimeParser.Parse("Content-Type: text/plain; charset=x-martian\r\n\r\nhello"u8.ToArray());
        Assert.Contains(message.Warnings, w => w.Contains("x-martian", StringComparison.Ordinal));
        Assert.Equal("hello", message.GetTextBody());
    }
}
