using System.Buffers;
using System.Text;

namespace AckPoller.Mail.Mime;

/// <summary>Raw header bytes to text: unfolds (drops the line breaks of folded lines), trims, and reads 8-bit bytes as UTF-8
/// (RFC 6532) when valid, else windows-1252.</summary>
internal static class HeaderTextDecoder
{
    private static readonly SearchValues<byte> LineBreaks = SearchValues.Create("\r\n"u8);

    public static string Unfold(ReadOnlySpan<byte> raw)
    {
        raw = raw.Trim(" \t\r\n"u8);
        if (raw.IsEmpty)
        {
            return string.Empty;
        }

        if (raw.IndexOfAny(LineBreaks) < 0)
        {
            return Decode(raw);
        }

        var buffer = raw.Length <= 1024 ? stackalloc byte[raw.Length] : new byte[raw.Length];
        var length = 0;
        foreach (var b in raw)
        {
            if (b is not (byte)'\r' and not (byte)'\n')
            {
                buffer[length++] = b;
            }
        }

        return Decode(buffer[..length]);
    }

    private static string Decode(ReadOnlySpan<byte> bytes) =>
        Ascii.IsValid(bytes) ? Encoding.ASCII.GetString(bytes) : CharsetDecoder.DecodeUndeclared(bytes);
}
