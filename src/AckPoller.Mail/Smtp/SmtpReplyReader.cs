using System.Text;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Smtp;

/// <summary>Reads one SMTP reply, single- or multi-line (RFC 5321 §4.2.1), from a connection. Anything that is not a
/// well-formed reply is a <see cref="MailProtocolException"/> and breaks the connection.</summary>
internal static class SmtpReplyReader
{
    /// <summary>A reply longer than this is hostile or broken; EHLO replies have a few dozen lines.</summary>
    internal const int MaxLines = 512;

    internal const int MaxTotalLength = 256 * 1024;

    public static async ValueTask<SmtpReply> ReadAsync(MailConnection connection, CancellationToken cancellationToken)
    {
        var code = 0;
        string? enhancedStatusCode = null;
        var lines = new List<string>(1);
        var total = 0;
        while (true)
        {
            var line = await connection.ReadLineAsync(cancellationToken);
            var (lineCode, isLast) = ParseCodeAndSeparator(connection, line.Span);
            if (lines.Count == 0)
            {
                code = lineCode;
            }
            else if (lineCode != code)
            {
                throw Garbage(connection, $"a multi-line reply changed its code from {code} to {lineCode}", line.Span);
            }

            total += line.Length;
            if (lines.Count >= MaxLines || total > MaxTotalLength)
            {
                throw Garbage(connection, $"a reply longer than {MaxLines} lines or {MaxTotalLength} bytes", line.Span);
            }

            var text = line.Length > 4 ? line.Span[4..] : [];
            var enhanced = EnhancedStatusCodeLength(text, code);
            if (enhanced > 0)
            {
                enhancedStatusCode ??= Encoding.ASCII.GetString(text[..enhanced]);
                text = text[enhanced..].TrimStart((byte)' ');
            }

            lines.Add(Encoding.UTF8.GetString(text));
            if (isLast)
            {
                return new SmtpReply(code, enhancedStatusCode, lines);
            }
        }
    }

    /// <summary>Reply-line = Reply-code [ ( "-" / SP ) textstring ]; code 2xx..5xx, second digit 0..5.</summary>
    private static (int Code, bool IsLast) ParseCodeAndSeparator(MailConnection connection, ReadOnlySpan<byte> line)
    {
        if (line.Length < 3
            || line[0] is < (byte)'2' or > (byte)'5'
            || line[1] is < (byte)'0' or > (byte)'5'
            || line[2] is < (byte)'0' or > (byte)'9'
            || (line.Length > 3 && line[3] != ' ' && line[3] != '-'))
        {
            throw Garbage(connection, "a line that is not an SMTP reply", line);
        }

        var code = ((line[0] - '0') * 100) + ((line[1] - '0') * 10) + (line[2] - '0');
        return (code, line.Length == 3 || line[3] == ' ');
    }

    /// <summary>RFC 3463: class "." subject "." detail, class matching the reply's first digit, then space or end.</summary>
    private static int EnhancedStatusCodeLength(ReadOnlySpan<byte> text, int code)
    {
        var replyClass = (byte)('0' + (code / 100));
        if (text.Length < 5 || text[0] != replyClass || text[1] != '.' || replyClass == '3')
        {
            return 0;
        }

        var position = 2;
        for (var part = 0; part < 2; part++)
        {
            var digits = 0;
            while (position < text.Length && text[position] is >= (byte)'0' and <= (byte)'9' && digits < 4)
            {
                position++;
                digits++;
            }

            if (digits is 0 or > 3)
            {
                return 0;
            }

            if (part == 0)
            {
                if (position >= text.Length || text[position] != '.')
                {
                    return 0;
                }

                position++;
            }
        }

        return position == text.Length || text[position] == ' ' ? position : 0;
    }

    private static MailProtocolException Garbage(MailConnection connection, string what, ReadOnlySpan<byte> line)
    {
        connection.MarkBroken();
        return new MailProtocolException($"The SMTP server {connection.Host}:{connection.Port} sent {what}: '{Excerpt(line)}'.");
    }

    private static string Excerpt(ReadOnlySpan<byte> line)
    {
        var shown = line.Length > 80 ? line[..80] : line;
        var text = new StringBuilder(shown.Length + 3);
        foreach (var b in shown)
        {
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        }

        return line.Length > 80 ? text.Append("...").ToString() : text.ToString();
    }
}
