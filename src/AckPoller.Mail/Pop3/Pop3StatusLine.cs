using System.Text;

namespace AckPoller.Mail.Pop3;

/// <summary>A parsed POP3 status line: "+OK text", "-ERR [CODE] text" or, during AUTH, "+ challenge".
/// <see cref="Text"/> points into the connection's buffer and is only valid until the next read.</summary>
internal readonly struct Pop3StatusLine
{
    private const int MaxResponseCodeLength = 64;

    private Pop3StatusLine(Pop3StatusKind kind, ReadOnlyMemory<byte> text)
    {
        Kind = kind;
        Text = text;
    }

    public Pop3StatusKind Kind { get; }

    /// <summary>What follows the status indicator and its space.</summary>
    public ReadOnlyMemory<byte> Text { get; }

    /// <summary>Recognises a status line; false for anything that is neither +OK, -ERR nor "+ ".</summary>
    public static bool TryParse(ReadOnlyMemory<byte> line, out Pop3StatusLine status)
    {
        var span = line.Span;
        if (HasIndicator(span, "+OK"u8))
        {
            status = new Pop3StatusLine(Pop3StatusKind.Ok, After(line, 3));
            return true;
        }

        if (HasIndicator(span, "-ERR"u8))
        {
            status = new Pop3StatusLine(Pop3StatusKind.Error, After(line, 4));
            return true;
        }

        if (HasIndicator(span, "+"u8))
        {
            status = new Pop3StatusLine(Pop3StatusKind.Continuation, After(line, 1));
            return true;
        }

        status = default;
        return false;
    }

    /// <summary>The whole text, decoded for messages and exceptions.</summary>
    public string GetText() => Encoding.UTF8.GetString(Text.Span);

    /// <summary>The RFC 2449 extended response code without brackets (e.g. IN-USE, SYS/TEMP), or null.</summary>
    public string? GetResponseCode()
    {
        var span = Text.Span;
        if (span.Length < 3 || span[0] != '[')
        {
            return null;
        }

        var close = span[..Math.Min(span.Length, MaxResponseCodeLength + 2)].IndexOf((byte)']');
        if (close < 2)
        {
            return null;
        }

        var code = span[1..close];
        foreach (var b in code)
        {
            if (b is < 0x21 or > 0x7E)
            {
                return null;
            }
        }

        return Encoding.ASCII.GetString(code).ToUpperInvariant();
    }

    private static bool HasIndicator(ReadOnlySpan<byte> line, ReadOnlySpan<byte> indicator) =>
        line.Length >= indicator.Length
        && Ascii.EqualsIgnoreCase(line[..indicator.Length], indicator)
        && (line.Length == indicator.Length || line[indicator.Length] == ' ');

    private static ReadOnlyMemory<byte> After(ReadOnlyMemory<byte> line, int indicatorLength) =>
        line.Length > indicatorLength ? line[(indicatorLength + 1)..] : ReadOnlyMemory<byte>.Empty;
}
