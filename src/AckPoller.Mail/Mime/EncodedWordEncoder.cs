using System.Text;

namespace AckPoller.Mail.Mime;

/// <summary>RFC 2047 encoded words in UTF-8. Picks Q for mostly-ASCII text (at most a third of the bytes need
/// escaping) and B otherwise, keeps every word within
/// its length limit (75 by default) and never splits a character (a whole Unicode scalar value goes into one word), so
/// each word decodes on its own. Q uses the restricted set of RFC 2047 section 5(3), which is valid in phrases too.</summary>
internal static class EncodedWordEncoder
{
    public const int MaxWordLength = 75;

    private const string QPrefix = "=?UTF-8?Q?";
    private const string BPrefix = "=?UTF-8?B?";
    private const int Overhead = 12; // prefix (10) + "?=" (2)

    /// <summary>The shortest limit that always fits one character (a 4-byte scalar in Q is 12 characters).</summary>
    public const int MinWordLength = Overhead + 12;

    private const string Hex = "0123456789ABCDEF";

    /// <summary>Encodes <paramref name="text"/> as one or more encoded words. The first is at most
    /// <paramref name="firstMaxLength"/> characters long (so it can finish the current header line), the rest at most
    /// <paramref name="maxLength"/>. Whitespace inside the text is encoded, so the words may be separated by folding
    /// whitespace without changing the decoded text.</summary>
    public static List<string> Encode(string text, int firstMaxLength = MaxWordLength, int maxLength = MaxWordLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstMaxLength, MinWordLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, MinWordLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstMaxLength, MaxWordLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxLength, MaxWordLength);

        var bytes = Encoding.UTF8.GetBytes(text);
        return PreferQ(bytes) ? EncodeQ(text, firstMaxLength, maxLength) : EncodeB(text, firstMaxLength, maxLength);
    }

    /// <summary>Q keeps mostly-ASCII text readable; past a third of escaped bytes it grows well beyond B.</summary>
    private static bool PreferQ(byte[] bytes)
    {
        var escaped = 0;
        foreach (var b in bytes)
        {
            escaped += IsQSafe(b) || b == (byte)' ' ? 0 : 1;
        }

        return escaped * 3 <= bytes.Length;
    }

    private static bool IsQSafe(byte b) =>
        b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'!' or (byte)'*' or (byte)'+' or (byte)'-' or (byte)'/';

    private static List<string> EncodeQ(string text, int firstMaxLength, int maxLength)
    {
        var words = new List<string>();
        var payload = new StringBuilder();
        var limit = firstMaxLength - Overhead;
        Span<byte> scalar = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var count = rune.EncodeToUtf8(scalar);
            var cost = 0;
            for (var i = 0; i < count; i++)
            {
                cost += IsQSafe(scalar[i]) || scalar[i] == (byte)' ' ? 1 : 3;
            }

            if (payload.Length + cost > limit && payload.Length > 0)
            {
                words.Add(QPrefix + payload + "?=");
                payload.Clear();
                limit = maxLength - Overhead;
            }

            for (var i = 0; i < count; i++)
            {
                var b = scalar[i];
                if (b == (byte)' ')
                {
                    payload.Append('_');
                }
                else if (IsQSafe(b))
                {
                    payload.Append((char)b);
                }
                else
                {
                    payload.Append('=').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
                }
            }
        }

        if (payload.Length > 0 || words.Count == 0)
        {
            words.Add(QPrefix + payload + "?=");
        }

        return words;
    }

    private static List<string> EncodeB(string text, int firstMaxLength, int maxLength)
    {
        var words = new List<string>();
        var chunk = new List<byte>(48);
        var maxBytes = MaxBytesFor(firstMaxLength);
        Span<byte> scalar = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var count = rune.EncodeToUtf8(scalar);
            if (chunk.Count + count > maxBytes && chunk.Count > 0)
            {
                words.Add(BPrefix + Convert.ToBase64String(chunk.ToArray()) + "?=");
                chunk.Clear();
                maxBytes = MaxBytesFor(maxLength);
            }

            for (var i = 0; i < count; i++)
            {
                chunk.Add(scalar[i]);
            }
        }

        if (chunk.Count > 0 || words.Count == 0)
        {
            words.Add(BPrefix + Convert.ToBase64String(chunk.ToArray()) + "?=");
        }

        return words;
    }

    /// <summary>Base64 turns every 3 bytes into 4 characters, so a word of <paramref name="maxLength"/> holds this many.</summary>
    private static int MaxBytesFor(int maxLength) => (maxLength - Overhead) / 4 * 3;
}
