namespace AckPoller.Mail.Mime;

/// <summary>Tolerant base64 (RFC 2045 §6.8): characters outside the alphabet (line breaks, spaces, noise) are skipped, padding
/// may be missing or wrong, and a '=' in the middle ends one block so concatenated encodings still decode.</summary>
public static class Base64Decoder
{
    private static readonly sbyte[] Values = BuildTable();

    public static byte[] Decode(ReadOnlySpan<byte> encoded)
    {
        var output = new byte[(encoded.Length / 4 * 3) + 3];
        var written = Decode(encoded, output);
        return written == output.Length ? output : output.AsSpan(0, written).ToArray();
    }

    /// <summary>Decodes into <paramref name="output"/>, which must hold at least (length / 4 * 3) + 3 bytes; returns the count written.</summary>
    public static int Decode(ReadOnlySpan<byte> encoded, Span<byte> output)
    {
        var table = Values;
        var written = 0;
        var quantum = 0;
        var count = 0;
        foreach (var c in encoded)
        {
            int value = table[c];
            if (value >= 0)
            {
                quantum = (quantum << 6) | value;
                if (++count == 4)
                {
                    output[written++] = (byte)(quantum >> 16);
                    output[written++] = (byte)(quantum >> 8);
                    output[written++] = (byte)quantum;
                    quantum = 0;
                    count = 0;
                }
            }
            else if (c == (byte)'=' && count > 0)
            {
                written = Flush(output, written, quantum, count);
                quantum = 0;
                count = 0;
            }
        }

        return count > 0 ? Flush(output, written, quantum, count) : written;
    }

    private static int Flush(Span<byte> output, int written, int quantum, int count)
    {
        // 2 characters carry 1 byte, 3 carry 2; a lone character carries nothing whole and is dropped.
        if (count == 2)
        {
            output[written++] = (byte)(quantum >> 4);
        }
        else if (count == 3)
        {
            output[written++] = (byte)(quantum >> 10);
            output[written++] = (byte)(quantum >> 2);
        }

        return written;
    }

    private static sbyte[] BuildTable()
    {
        var table = new sbyte[256];
        Array.Fill(table, (sbyte)-1);
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (var i = 0; i < Alphabet.Length; i++)
        {
            table[Alphabet[i]] = (sbyte)i;
        }

        // base64url characters appear in the wild; accept them too.
        table['-'] = 62;
        table['_'] = 63;
        return table;
    }
}
