namespace AckPoller.Mail.Mime;

/// <summary>Quoted-printable (RFC 2045 §6.7) for bodies: soft line breaks ("=" at line end, trailing blanks allowed),
/// hex escapes in either case, transport-added trailing whitespace removed, and malformed escapes kept literally.</summary>
public static class QuotedPrintableDecoder
{
    public static byte[] Decode(ReadOnlySpan<byte> encoded)
    {
        var output = new byte[encoded.Length];
        var written = Decode(encoded, output);
        return written == output.Length ? output : output.AsSpan(0, written).ToArray();
    }

    /// <summary>Decodes into <paramref name="output"/> (at least as long as the input); returns the count written.</summary>
    public static int Decode(ReadOnlySpan<byte> encoded, Span<byte> output)
    {
        var written = 0;
        var i = 0;
        while (i < encoded.Length)
        {
            var rest = encoded[i..];
            var special = rest.IndexOfAny((byte)'=', (byte)'\n');
            var plainLength = special < 0 ? rest.Length : special;
            var plainStart = written;
            rest[..plainLength].CopyTo(output[written..]);
            written += plainLength;
            i += plainLength;
            if (special < 0)
            {
                break;
            }

            if (encoded[i] == (byte)'\n')
            {
                written = TrimTrailingBlanks(output, plainStart, written);
                output[written++] = (byte)'\n';
                i++;
                continue;
            }

            i = DecodeEscape(encoded, i, output, ref written);
        }

        return written;
    }

    private static int DecodeEscape(ReadOnlySpan<byte> encoded, int i, Span<byte> output, ref int written)
    {
        // encoded[i] == '='
        if (i + 2 < encoded.Length && HexValue(encoded[i + 1]) is var high and >= 0 && HexValue(encoded[i + 2]) is var low and >= 0)
        {
            output[written++] = (byte)((high << 4) | low);
            return i + 3;
        }

        // Soft line break: '=' then optional blanks then (CR)LF or the end of the data.
        var j = i + 1;
        while (j < encoded.Length && encoded[j] is (byte)' ' or (byte)'\t')
        {
            j++;
        }

        if (j == encoded.Length)
        {
            return j;
        }

        if (encoded[j] == (byte)'\n')
        {
            return j + 1;
        }

        if (encoded[j] == (byte)'\r' && j + 1 < encoded.Length && encoded[j + 1] == (byte)'\n')
        {
            return j + 2;
        }

        if (encoded[j] == (byte)'\r' && j + 1 == encoded.Length)
        {
            return j + 1;
        }

        // Not an escape and not a soft break: keep the '=' literally.
        output[written++] = (byte)'=';
        return i + 1;
    }

    // Only literal blanks (not decoded "=20") are transport padding, so trimming stays inside the last literal run.
    private static int TrimTrailingBlanks(Span<byte> output, int literalStart, int written)
    {
        var hasCr = written > literalStart && output[written - 1] == (byte)'\r';
        var end = hasCr ? written - 1 : written;
        var trimmed = end;
        while (trimmed > literalStart && output[trimmed - 1] is (byte)' ' or (byte)'\t')
        {
            trimmed--;
        }

        if (trimmed == end)
        {
            return written;
        }

        if (hasCr)
        {
            output[trimmed++] = (byte)'\r';
        }

        return trimmed;
    }

    internal static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        _ => -1,
    };
}
