using System.Text;

namespace AckPoller.Mail.Mime;

/// <summary>UTF-7 (RFC 2152) to text, for the few mailers that still label mail "utf-7" (.NET's Encoding.UTF7 is obsolete and
/// cannot be had by name). "+" starts modified base64 of UTF-16 code units, ended by any other character ("-" is absorbed);
/// "+-" is "+". Lenient: leftover bits are dropped, unpaired surrogates and 8-bit bytes become U+FFFD. Never throws.</summary>
internal static class Utf7Decoder
{
    public static bool IsUtf7(string? charset) =>
        charset is not null
        && charset.Trim().Trim('"', '\'') is var name
        && (name.Equals("utf-7", StringComparison.OrdinalIgnoreCase)
            || name.Equals("utf7", StringComparison.OrdinalIgnoreCase)
            || name.Equals("unicode-1-1-utf-7", StringComparison.OrdinalIgnoreCase)
            || name.Equals("csunicode11utf7", StringComparison.OrdinalIgnoreCase)
            || name.Equals("x-unicode-2-0-utf-7", StringComparison.OrdinalIgnoreCase));

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i++];
            if (b != (byte)'+')
            {
                text.Append(b < 0x80 ? (char)b : '\uFFFD');
                continue;
            }

            if (i < bytes.Length && bytes[i] == (byte)'-')
            {
                text.Append('+');
                i++;
                continue;
            }

            var buffer = 0;
            var bits = 0;
            while (i < bytes.Length && Base64Value(bytes[i]) is var value and >= 0)
            {
                buffer = ((buffer << 6) | value) & 0x3FFFFF;
                bits += 6;
                i++;
                if (bits >= 16)
                {
                    bits -= 16;
                    text.Append((char)((buffer >> bits) & 0xFFFF));
                }
            }

            if (i < bytes.Length && bytes[i] == (byte)'-')
            {
                i++;
            }
        }

        return ReplaceUnpairedSurrogates(text);
    }

    private static string ReplaceUnpairedSurrogates(StringBuilder text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                text[i] = '\uFFFD';
            }
        }

        return text.ToString();
    }

    private static int Base64Value(byte b) => b switch
    {
        >= (byte)'A' and <= (byte)'Z' => b - 'A',
        >= (byte)'a' and <= (byte)'z' => b - 'a' + 26,
        >= (byte)'0' and <= (byte)'9' => b - '0' + 52,
        (byte)'+' => 62,
        (byte)'/' => 63,
        _ => -1,
    };
}
