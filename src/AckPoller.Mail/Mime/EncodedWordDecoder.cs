using System.Buffers;
using System.Text;

namespace AckPoller.Mail.Mime;

/// <summary>RFC 2047 encoded words ("=?charset?B|Q?text?="). Whitespace between adjacent encoded words is dropped, consecutive
/// words in the same charset are decoded together (so a multi-byte character split across words survives), and anything that is
/// not a well-formed encoded word is left as it is. Lenient where mailers are sloppy: words glued to other text are decoded.</summary>
public static class EncodedWordDecoder
{
    public static string Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = text.IndexOf("=?", StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var pending = new ArrayBufferWriter<byte>(64);
        var word = new ArrayBufferWriter<byte>(64);
        string? pendingCharset = null;
        var lastEnd = 0;
        var i = start;
        while (i >= 0 && i < text.Length)
        {
            word.Clear();
            if (!TryParseWord(text, i, word, out var charset, out var end))
            {
                i = text.IndexOf("=?", i + 2, StringComparison.Ordinal);
                continue;
            }

            var between = text.AsSpan(lastEnd, i - lastEnd);
            var joinable = pendingCharset is not null && between.IsWhiteSpace();
            if (!joinable || !string.Equals(pendingCharset, charset, StringComparison.OrdinalIgnoreCase))
            {
                Flush(result, pending, pendingCharset);
                if (!joinable)
                {
                    result.Append(between);
                }
            }

            pending.Write(word.WrittenSpan);
            pendingCharset = charset;
            lastEnd = end;
            i = text.IndexOf("=?", end, StringComparison.Ordinal);
        }

        Flush(result, pending, pendingCharset);
        result.Append(text.AsSpan(lastEnd));
        return result.ToString();
    }

    private static void Flush(StringBuilder result, ArrayBufferWriter<byte> pending, string? charset)
    {
        if (pending.WrittenCount > 0 && charset is not null)
        {
            result.Append(CharsetDecoder.Decode(pending.WrittenSpan, charset));
        }

        pending.Clear();
    }

    private static bool TryParseWord(string text, int start, ArrayBufferWriter<byte> output, out string charset, out int end)
    {
        charset = string.Empty;
        end = start;

        // "=?" charset ["*" language] "?" encoding "?" encoded-text "?="
        var charsetStart = start + 2;
        var q1 = text.IndexOf('?', charsetStart);
        if (q1 <= charsetStart || q1 + 3 >= text.Length || text[q1 + 2] != '?')
        {
            return false;
        }

        var charsetSpan = text.AsSpan(charsetStart, q1 - charsetStart);
        if (!IsToken(charsetSpan))
        {
            return false;
        }

        var encoding = char.ToUpperInvariant(text[q1 + 1]);
        if (encoding is not ('B' or 'Q'))
        {
            return false;
        }

        var textStart = q1 + 3;
        var close = text.IndexOf("?=", textStart, StringComparison.Ordinal);
        if (close < 0)
        {
            return false;
        }

        var encoded = text.AsSpan(textStart, close - textStart);
        if (encoded.ContainsAny(' ', '\t') && encoding == 'B')
        {
            return false;
        }

        var star = charsetSpan.IndexOf('*');
        var name = (star >= 0 ? charsetSpan[..star] : charsetSpan).ToString();
        if (name.Length == 0)
        {
            return false;
        }

        if (!(encoding == 'B' ? DecodeB(encoded, output) : DecodeQ(encoded, output)))
        {
            return false;
        }

        charset = name;
        end = close + 2;
        return true;
    }

    private static bool DecodeB(ReadOnlySpan<char> encoded, ArrayBufferWriter<byte> output)
    {
        Span<byte> ascii = encoded.Length <= 512 ? stackalloc byte[encoded.Length] : new byte[encoded.Length];
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] > 0x7F)
            {
                return false;
            }

            ascii[i] = (byte)encoded[i];
        }

        var span = output.GetSpan((encoded.Length / 4 * 3) + 3);
        output.Advance(Base64Decoder.Decode(ascii, span));
        return true;
    }

    private static bool DecodeQ(ReadOnlySpan<char> encoded, ArrayBufferWriter<byte> output)
    {
        var span = output.GetSpan(encoded.Length);
        var written = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c > 0xFF)
            {
                return false;
            }

            if (c == '_')
            {
                span[written++] = (byte)' ';
            }
            else if (c == '=' && i + 2 < encoded.Length && Hex(encoded[i + 1]) is var high and >= 0 && Hex(encoded[i + 2]) is var low and >= 0)
            {
                span[written++] = (byte)((high << 4) | low);
                i += 2;
            }
            else
            {
                span[written++] = (byte)c;
            }
        }

        output.Advance(written);
        return true;
    }

    private static int Hex(char c) => c <= 0x7F ? QuotedPrintableDecoder.HexValue((byte)c) : -1;

    private static bool IsToken(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (c <= ' ' || c >= 0x7F || c is '(' or ')' or '<' or '>' or '@' or ',' or ';' or ':' or '"' or '/' or '[' or ']' or '?' or '.' or '=')
            {
                // '.' is legal in a few charset names in theory, but none in practice; '=' and '?' never.
                if (c != '.')
                {
                    return false;
                }
            }
        }

        return true;
    }
}
