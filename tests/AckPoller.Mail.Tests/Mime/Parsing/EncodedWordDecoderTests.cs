using AckPoller.Mail.Mime;

namespace AckPoller.Mail.Tests.Mime.Parsing;

[Trait("Category", "Unit")]
public class EncodedWordDecoderTests
{
    // RFC 2047 §8 examples (the "displayed as" column).
    [Theory]
    [InlineData("=?ISO-8859-1?Q?a?=", "a")]
    [InlineData("=?ISO-8859-1?Q?a?= b", "a b")]
    [InlineData("=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=", "ab")]
    [InlineData("=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=", "ab")]
    [InlineData("=?ISO-8859-1?Q?a?=\t  =?ISO-8859-1?Q?b?=", "ab")]
    [InlineData("=?ISO-8859-1?Q?a_b?=", "a b")]
    [InlineData("=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=", "a b")]
    [InlineData("=?US-ASCII?Q?Keith_Moore?=", "Keith Moore")]
    [InlineData("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?=", "Keld Jørn Simonsen")]
    [InlineData("=?ISO-8859-1?Q?Andr=E9?= Pirard", "André Pirard")]
    [InlineData("=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?= =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=", "If you can read this you understand the example.")]
    public void Decodes_the_rfc_2047_examples(string input, string expected) =>
        Assert.Equal(expected, EncodedWordDecoder.Decode(input));

    [Fact]
    public void Folded_subject_from_rfc_2047_decodes_after_unfolding()
    {
        var message = MimeParser.Parse("Subject: =?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=\r\n =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=\r\n\r\nbody"u8.ToArray());
        Assert.Equal("If you can read this you understand the example.", message.Subject);
    }

    [Fact]
    public void A_multi_byte_character_split_across_two_words_is_rebuilt()
    {
        // U+20AC is E2 82 AC in UTF-8: the first word carries E2 82, the second AC.
        Assert.Equal("price: €5", EncodedWordDecoder.Decode("price: =?UTF-8?B?4oI=?= =?utf-8?B?rA==?=5"));
        Assert.Equal("€", EncodedWordDecoder.Decode("=?UTF-8?Q?=E2?= =?UTF-8?Q?=82=AC?="));
    }

    [Theory]
    [InlineData("=?utf-8?X?abc?=")]
    [InlineData("=?utf-8?Q?unterminated")]
    [InlineData("=??Q?abc?=")]
    [InlineData("just =? text ?= here")]
    [InlineData("=?utf 8?Q?abc?=")]
    public void Malformed_words_are_left_as_text(string input) => Assert.Equal(input, EncodedWordDecoder.Decode(input));

    [Fact]
    public void Text_between_a_word_and_plain_text_is_kept()
    {
        Assert.Equal("Re: Café ok", EncodedWordDecoder.Decode("Re: =?utf-8?q?Caf=C3=A9?= ok"));
        Assert.Equal("Re:Café", EncodedWordDecoder.Decode("Re:=?utf-8?q?Caf=c3=a9?="));
    }

    [Fact]
    public void B_words_tolerate_missing_padding_and_Q_words_keep_bad_escapes()
    {
        Assert.Equal("Hello", EncodedWordDecoder.Decode("=?utf-8?B?SGVsbG8?="));
        Assert.Equal("100=ZZ%", EncodedWordDecoder.Decode("=?utf-8?Q?100=ZZ=25?="));
    }

    [Fact]
    public void Language_suffix_rfc_2231_is_ignored()
    {
        Assert.Equal("a", EncodedWordDecoder.Decode("=?US-ASCII*EN?Q?a?="));
    }

    [Fact]
    public void Legacy_charsets_decode()
    {
        Assert.Equal("てすと", EncodedWordDecoder.Decode("=?ISO-2022-JP?B?GyRCJEYkOSRIGyhC?="));
        Assert.Equal("Привет", EncodedWordDecoder.Decode("=?koi8-r?Q?=F0=D2=C9=D7=C5=D4?="));
        Assert.Equal("€", EncodedWordDecoder.Decode("=?windows-1252?Q?=80?="));
    }

    [Fact]
    public void Unknown_charset_falls_back_to_utf8_then_latin1()
    {
        Assert.Equal("é", EncodedWordDecoder.Decode("=?x-unknown?Q?=C3=A9?="));
        Assert.Equal("é", EncodedWordDecoder.Decode("=?x-unknown?Q?=E9?="));
    }
}
