using System.Buffers.Text;
using System.Text;

namespace AckPoller.Mail.Pop3;

/// <summary>Parses the numeric answers of STAT, LIST and UIDL ("n size", "n unique-id"). Returns false on
/// anything malformed, which the caller treats as garbage.</summary>
internal static class Pop3ListParser
{
    private const int MaxUniqueIdLength = 70;

    /// <summary>"count size" (STAT) or "number size" (a LIST line); more words may follow and are ignored.</summary>
    public static bool TryParseNumberAndSize(ReadOnlySpan<byte> text, out int number, out long size)
    {
        size = 0;
        return TryReadNumber(ref text, out number) && number >= 0
            && SkipSpaces(ref text)
            && char.IsAsciiDigit((char)text[0])
            && Utf8Parser.TryParse(text, out size, out var consumed)
            && (consumed == text.Length || text[consumed] == ' ');
    }

    /// <summary>The size at the start of a RETR "+OK 1234 octets" answer, or 0 when the text does not start with one.</summary>
    public static long LeadingSize(ReadOnlySpan<byte> text) =>
        text.Length > 0 && char.IsAsciiDigit((char)text[0]) && Utf8Parser.TryParse(text, out long size, out var consumed)
            && (consumed == text.Length || text[consumed] == ' ')
            ? size
            : 0;

    /// <summary>"number unique-id" (a UIDL line); the id is 1-70 printable ASCII characters (RFC 1939 §7).</summary>
    public static bool TryParseUid(ReadOnlySpan<byte> text, out int number, out string uniqueId)
    {
        uniqueId = string.Empty;
        if (!TryReadNumber(ref text, out number) || number < 1 || !SkipSpaces(ref text))
        {
            return false;
        }

        var end = text.IndexOf((byte)' ');
        var id = end < 0 ? text : text[..end];
        if (id.Length is 0 or > MaxUniqueIdLength)
        {
            return false;
        }

        foreach (var b in id)
        {
            if (b is < 0x21 or > 0x7E)
            {
                return false;
            }
        }

        uniqueId = Encoding.ASCII.GetString(id);
        return true;
    }

    private static bool TryReadNumber(ref ReadOnlySpan<byte> text, out int number)
    {
        if (!Utf8Parser.TryParse(text, out number, out var consumed) || consumed == 0 || !char.IsAsciiDigit((char)text[0]))
        {
            return false;
        }

        text = text[consumed..];
        return true;
    }

    private static bool SkipSpaces(ref ReadOnlySpan<byte> text)
    {
        var spaces = 0;
        while (spaces < text.Length && text[spaces] == ' ')
        {
            spaces++;
        }

        text = text[spaces..];
        return spaces > 0 && text.Length > 0;
    }
}
