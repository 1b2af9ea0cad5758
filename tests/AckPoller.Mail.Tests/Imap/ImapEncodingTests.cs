using System.Text;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Imap.Commands;
using AckPoller.Mail.Imap.Protocol;

namespace AckPoller.Mail.Tests.Imap;

[Trait("Category", "Unit")]
public class ImapEncodingTests
{
    [Theory]
    [InlineData("INBOX", "INBOX")]
    [InlineData("Gel\u00f6schte Elemente", "Gel&APY-schte Elemente")]
    [InlineData("Tom & Jerry", "Tom &- Jerry")]
    [InlineData("\u65e5\u672c\u8a9e", "&ZeVnLIqe-")]
    [InlineData("~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e", "~peter/mail/&U,BTFw-/&ZeVnLIqe-")]
    public void Modified_utf7_encodes_and_decodes(string name, string wire)
    {
        Assert.Equal(wire, ModifiedUtf7.Encode(name));
        Assert.Equal(name, ModifiedUtf7.Decode(wire));
    }

    [Theory]
    [InlineData("&")]
    [InlineData("&Jjo!-")]
    [InlineData("&AGE")]
    public void Invalid_modified_utf7_is_kept_as_sent(string wire) => Assert.Equal(wire, ModifiedUtf7.Decode(wire));

    [Theory]
    [InlineData("17-Jul-1996 02:44:25 -0700", "1996-07-17T02:44:25-07:00")]
    [InlineData(" 1-Feb-2024 10:00:00 +0000", "2024-02-01T10:00:00+00:00")]
    [InlineData("1-feb-2024 23:59:59 +0530", "2024-02-01T23:59:59+05:30")]
    public void Internal_dates_parse(string text, string expected)
    {
        Assert.True(ImapDate.TryParseInternalDate(Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("32-Jul-1996 02:44:25 -0700")]
    [InlineData("17-Jux-1996 02:44:25 -0700")]
    [InlineData("17-Jul-1996 02:44:25")]
    [InlineData("17-Jul-1996T02:44:25 -0700")]
    public void Bad_internal_dates_are_refused(string text) => Assert.False(ImapDate.TryParseInternalDate(Encoding.ASCII.GetBytes(text), out _));

    [Fact]
    public void Search_dates_use_english_months_in_any_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal("SINCE 5-Mar-2024", ImapSearch.Since(new DateOnly(2024, 3, 5)).ToString());
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Strings_become_atoms_quoted_strings_or_literals_as_needed()
    {
        Assert.Equal("A1 x INBOX \"a b\" \"q\\\"\\\\\" \"\" {2+}\r\n\r\n\r\n", Wire(b => b.Raw("x "u8).AString("INBOX").Space().AString("a b").Space().AString("q\"\\").Space().AString("").Space().AString("\r\n"), literalPlus: true));
        Assert.Equal(["A1 {3}\r\n", "\u00e4b\r\n"], Chunks(b => b.AString("\u00e4b")));
        Assert.Equal(["A1 \"\u00e4b\"\r\n"], Chunks(b => b.AString("\u00e4b"), utf8: true));
        Assert.Throws<ArgumentException>(() => Wire(b => b.Atom("two words")));
        Assert.Throws<ArgumentException>(() => Wire(b => b.Flag("\\")));
    }

    [Fact]
    public void Literal_minus_is_used_only_for_small_literals()
    {
        Assert.Single(Chunks(b => b.Literal(new byte[4096]), literalMinus: true));
        Assert.Equal(2, Chunks(b => b.Literal(new byte[4097]), literalMinus: true).Count);
    }

    [Fact]
    public void Secrets_are_marked_from_the_point_they_start()
    {
        var builder = new ImapCommandBuilder("A1", false, false, false);
        builder.Raw("LOGIN "u8).BeginSecret().AString("bob").Space().AString("p\u00e4ss");
        var chunks = builder.Build();
        Assert.Equal("A1 LOGIN ".Length, chunks[0].VisibleLength);
        Assert.Equal(0, chunks[1].VisibleLength);
    }

    private static string Wire(Action<ImapCommandBuilder> build, bool literalPlus = false) =>
        string.Concat(Chunks(build, literalPlus: literalPlus));

    private static List<string> Chunks(Action<ImapCommandBuilder> build, bool utf8 = false, bool literalPlus = false, bool literalMinus = false)
    {
        var builder = new ImapCommandBuilder("A1", utf8, literalPlus, literalMinus);
        build(builder);
        return builder.Build().Select(c => Encoding.UTF8.GetString(c.Data.Span)).ToList();
    }
}
