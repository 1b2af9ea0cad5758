namespace AckPoller.Mail.Mime;

/// <summary>RFC 2045 section 6.7 quoted-printable for text: CRLF stays a hard line break, encoded lines are at most 76
/// characters (soft breaks never split an =XX triplet), whitespace at the end of a line is encoded, and a line starting
/// "From " has its F encoded so mbox-style transports cannot mangle it.</summary>
internal static class QuotedPrintableEncoder
{
    public const int MaxLineLength = 76;

    private static ReadOnlySpan<byte> Hex => "0123456789ABCDEF"u8;

    public static byte[] Encode(ReadOnlySpan<byte> content)
    {
        // Worst case: every byte becomes 3 characters, plus a 3-byte soft break per 72 characters of output.
        var output = new byte[(content.Length * 3) + ((content.Length * 3 / 72) + 1) * 3];
        var written = 0;
        var column = 0;
        var lineStart = 0;
        for (var i = 0; i < content.Length; i++)
        {
            var b = content[i];
            if (b == (byte)'\r' && i + 1 < content.Length && content[i + 1] == (byte)'\n')
            {
                output[written++] = (byte)'\r';
                output[written++] = (byte)'\n';
                i++;
                column = 0;
                lineStart = i + 1;
                continue;
            }

            var atLineEnd = i + 1 == content.Length || (content[i + 1] == (byte)'\r' && i + 2 < content.Length && content[i + 2] == (byte)'\n');
            var literal = b switch
            {
                (byte)'=' => false,
                (byte)' ' or (byte)'\t' => !atLineEnd,
                (byte)'F' => i != lineStart || !content[i..].StartsWith("From "u8),
                _ => b is >= (byte)'!' and <= (byte)'~',
            };

            var width = literal ? 1 : 3;
            if (column + width > MaxLineLength - 1)
            {
                output[written++] = (byte)'=';
                output[written++] = (byte)'\r';
                output[written++] = (byte)'\n';
                column = 0;
            }

            if (literal)
            {
                output[written++] = b;
            }
            else
            {
                output[written++] = (byte)'=';
                output[written++] = Hex[b >> 4];
                output[written++] = Hex[b & 0xF];
            }

            column += width;
        }

        return output.AsSpan(0, written).ToArray();
    }
}
