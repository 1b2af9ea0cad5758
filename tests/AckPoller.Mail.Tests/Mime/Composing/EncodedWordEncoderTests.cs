using System.Text;
using AckPoller.Mail.Mime;

namespace AckPoller.Mail.Tests.Mime.Composing;

[Trait("Category", "Unit")]
public class EncodedWordEncoderTests
{
    [Fact]
    public void Mostly_ascii_text_uses_Q()
    {
        var words = EncodedWordEncoder.Encode("Café au lait à 5 heures");
        Assert.Equal(["=?UTF-8?Q?Caf=C3=A9_au_lait_=C3=A0_5_heures?="], words);
    }

    [Fact]
    public void Q_escapes_everything_outside_the_phrase_safe_set()
    {
        var text = "Rappel: tarif = 5 euros_TTC? (vu) \"ok\" et ça marche bien pour tout le monde ici";
        var words = EncodedWordEncoder.Encode(text);
        Assert.All(words, w => Assert.StartsWith("=?UTF-8?Q?", w, StringComparison.Ordinal));
        var payload = string.Concat(words.Select(w => w[10..^2]));
        Assert.Matches("^[A-Za-z0-9!*+\\-/=_]*$", payload);
        Assert.Contains("=3A_tarif_=3D_5_euros=5FTTC=3F_=28vu=29_=22ok=22", payload, StringComparison.Ordinal);
        Assert.Equal(text, string.Concat(words.Select(ComposedText.DecodeWord)));
    }

    [Fact]
    public void Mostly_non_ascii_text_uses_B()
    {
        var words = EncodedWordEncoder.Encode("日本語のテキスト");
        Assert.All(words, w => Assert.StartsWith("=?UTF-8?B?", w, StringComparison.Ordinal));
        Assert.Equal("日本語のテキスト", string.Concat(words.Select(ComposedText.DecodeWord)));
    }

    public static TheoryData<string> LongTexts => new()
    {
        string.Concat(Enumerable.Repeat("Überprüfung der Störung ", 12)),
        string.Concat(Enumerable.Repeat("データベースの障害が発生しました。", 8)),
        string.Concat(Enumerable.Repeat("🔥🚨👩‍💻✅", 25)),
        string.Concat(Enumerable.Repeat("Проверка связи, ", 15)),
        string.Concat(Enumerable.Repeat("a€𝄞", 40)),
    };

    [Theory]
    [MemberData(nameof(LongTexts))]
    public void Every_word_is_at_most_75_characters_and_decodes_on_its_own(string text)
    {
        var words = EncodedWordEncoder.Encode(text);
        Assert.True(words.Count > 1);
        Assert.All(words, w => Assert.InRange(w.Length, 1, 75));

        // DecodeWord uses a throwing UTF-8 decoder for Q, and B words are checked the same way here, so a split character fails.
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var decoded = new StringBuilder();
        foreach (var word in words)
        {
            var piece = word[8] == 'B' ? strict.GetString(Convert.FromBase64String(word[10..^2])) : ComposedText.DecodeWord(word);
            decoded.Append(piece);
        }

        Assert.Equal(text, decoded.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(11)]
    [InlineData(13)]
    public void Four_byte_characters_are_never_split_whatever_the_offset(int asciiPrefix)
    {
        var text = new string('x', asciiPrefix) + string.Concat(Enumerable.Repeat("😀", 30));
        foreach (var first in new[] { 24, 25, 26, 27, 40, 75 })
        {
            var words = EncodedWordEncoder.Encode(text, first);
            Assert.True(words[0].Length <= first);
            Assert.All(words, w => Assert.True(w.Length <= 75));
            Assert.Equal(text, string.Concat(words.Select(w => w[8] == 'B'
                ? new UTF8Encoding(false, true).GetString(Convert.FromBase64String(w[10..^2]))
                : ComposedText.DecodeWord(w))));
        }
    }

    [Fact]
    public void A_limit_too_small_for_any_character_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EncodedWordEncoder.Encode("é", 20));
        Assert.Throws<ArgumentOutOfRangeException>(() => EncodedWordEncoder.Encode("é", 76));
    }
}
