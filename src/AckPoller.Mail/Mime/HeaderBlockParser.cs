using System.Text;

namespace AckPoller.Mail.Mime;

/// <summary>Splits one header block (RFC 5322 §2.2) into fields without copying: each field keeps its raw value bytes, folding
/// included. Accepts CRLF and bare LF. The block ends at the first empty line, or at the first line that is not a field (no
/// colon, or a name with spaces), which is then the start of the body.</summary>
internal static class HeaderBlockParser
{
    // Names seen in nearly every message, reused instead of allocating a string per field.
    private static readonly string[] CommonNames =
    [
        "Received", "From", "To", "Cc", "Subject", "Date", "Message-ID", "Message-Id", "In-Reply-To", "References", "Reply-To",
        "Sender", "Return-Path", "MIME-Version", "Mime-Version", "Content-Type", "Content-Transfer-Encoding", "Content-Disposition",
        "Content-ID", "Content-Id", "DKIM-Signature", "Delivered-To", "X-Mailer", "Thread-Topic", "Thread-Index", "Auto-Submitted",
        "Precedence", "Authentication-Results", "ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results",
        "X-Original-To", "Accept-Language", "Content-Language", "List-Unsubscribe",
    ];

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static readonly byte[][] CommonNameBytes = Array.ConvertAll(CommonNames, Encoding.ASCII.GetBytes);

    public static HeaderList Parse(ReadOnlyMemory<byte> buffer, int start, int end, MimeParseContext context, string location, bool allowMboxFromLine, out int bodyStart)
    {
        var data = buffer.Span;
        var options = context.Options;
        var headers = new List<Header>();
        var blockLimit = (int)Math.Min(end, (long)start + options.MaxHeaderBlockBytes);
        // A UTF-8 byte-order mark written by an editor or a Windows tool before the first field.
        if (data[start..end].StartsWith(Utf8Bom))
        {
            context.Warn($"{location}: UTF-8 byte-order mark before the first header field; ignored.");
            start += Utf8Bom.Length;
        }

        var pos = start;
        var nextFieldAt = -1;
        bodyStart = end;
        while (pos < end)
        {
            if (data[pos] == (byte)'\n')
            {
                bodyStart = pos + 1;
                break;
            }

            if (data[pos] == (byte)'\r' && pos + 1 < end && data[pos + 1] == (byte)'\n')
            {
                bodyStart = pos + 2;
                break;
            }

            // The first line of the field, searched no further than the block limit.
            var window = data[pos..Math.Max(pos, blockLimit)];
            var newline = window.IndexOf((byte)'\n');
            var firstLine = newline < 0 ? window : window[..newline];
            var colon = firstLine.IndexOf((byte)':');
            if (colon < 0 || !IsFieldName(firstLine[..colon]))
            {
                if (allowMboxFromLine && headers.Count == 0 && pos == start && firstLine.StartsWith("From "u8) && newline >= 0)
                {
                    pos += newline + 1;
                    continue;
                }

                if (colon < 0 && newline < 0 && blockLimit < end)
                {
                    bodyStart = SkipOversizedBlock(data, pos, end, context, location);
                    break;
                }

                // Broken folding: a continuation line that lost its leading white space. When a well-known header field
                // follows it before the blank line, the block goes on (as MimeKit reads it): the line is skipped and
                // Content-Type and the rest are kept. Otherwise it is where the body starts without a blank line.
                if (headers.Count > 0 && newline >= 0 && (pos < nextFieldAt || (nextFieldAt = FindFieldAhead(data, pos + newline + 1, blockLimit)) > pos))
                {
                    context.Warn($"{location}: header line without a field name (broken folding); skipped, the header block goes on.");
                    pos += newline + 1;
                    continue;
                }

                context.Warn($"{location}: line without a header field name; the body starts there (no blank line after the header).");
                bodyStart = pos;
                break;
            }

            if (headers.Count >= options.MaxHeaders)
            {
                context.Warn($"{location}: more than {options.MaxHeaders} header fields; the rest of the header block was skipped.");
                bodyStart = SkipToBlankLine(data, pos, end);
                break;
            }

            var fieldEnd = FindFieldEnd(data, pos, blockLimit, end, out var next);
            if (fieldEnd < 0)
            {
                bodyStart = SkipOversizedBlock(data, pos, end, context, location);
                break;
            }

            var name = FieldName(firstLine[..colon].TrimEnd(" \t"u8));
            headers.Add(new Header(name, buffer[(pos + colon + 1)..fieldEnd]));
            pos = next;
        }

        return new HeaderList(headers);
    }

    private static string FieldName(ReadOnlySpan<byte> name)
    {
        var known = CommonNameBytes;
        for (var i = 0; i < known.Length; i++)
        {
            if (known[i].Length == name.Length && name.SequenceEqual(known[i]))
            {
                return CommonNames[i];
            }
        }

        return Encoding.ASCII.GetString(name);
    }

    private static int SkipOversizedBlock(ReadOnlySpan<byte> data, int pos, int end, MimeParseContext context, string location)
    {
        context.Warn($"{location}: header block larger than {context.Options.MaxHeaderBlockBytes} bytes; the rest of it was skipped.");
        return SkipToBlankLine(data, pos, end);
    }

    /// <summary>End of the field's value (before its final line break) and the start of the next line; -1 when the field runs
    /// past the block limit.</summary>
    private static int FindFieldEnd(ReadOnlySpan<byte> data, int pos, int limit, int end, out int next)
    {
        while (true)
        {
            var newline = data[pos..limit].IndexOf((byte)'\n');
            if (newline < 0)
            {
                if (limit < end)
                {
                    next = -1;
                    return -1;
                }

                next = limit;
                return limit;
            }

            var lineEnd = pos + newline;
            next = lineEnd + 1;
            if (next < limit && data[next] is (byte)' ' or (byte)'\t')
            {
                pos = next;
                continue;
            }

            if (next >= limit && limit < end && data[limit] is (byte)' ' or (byte)'\t')
            {
                next = -1;
                return -1;
            }

            return lineEnd > 0 && data[lineEnd - 1] == (byte)'\r' ? lineEnd - 1 : lineEnd;
        }
    }

    /// <summary>Start of the first line in [pos, limit) that begins a header field, looking no further than the blank line that
    /// ends the block; -1 when there is none.</summary>
    private static int FindFieldAhead(ReadOnlySpan<byte> data, int pos, int limit)
    {
        while (pos < limit)
        {
            if (data[pos] == (byte)'\n' || (data[pos] == (byte)'\r' && pos + 1 < limit && data[pos + 1] == (byte)'\n'))
            {
                return -1;
            }

            var newline = data[pos..limit].IndexOf((byte)'\n');
            var line = newline < 0 ? data[pos..limit] : data[pos..(pos + newline)];
            var colon = line.IndexOf((byte)':');
            if (colon > 0 && data[pos] is not ((byte)' ' or (byte)'\t') && IsFieldName(line[..colon]))
            {
                // Only a field a mail header really has: "ETA: 10 min" in a body that lost its blank line is still body.
                return IsWellKnownFieldName(line[..colon].TrimEnd(" \t"u8)) ? pos : -1;
            }

            if (newline < 0)
            {
                return -1;
            }

            pos += newline + 1;
        }

        return -1;
    }

    private static int SkipToBlankLine(ReadOnlySpan<byte> data, int pos, int end)
    {
        var region = data[pos..end];
        var lf = region.IndexOf("\n\n"u8);
        var crlf = region.IndexOf("\n\r\n"u8);
        if (lf < 0 && crlf < 0)
        {
            return end;
        }

        return lf >= 0 && (crlf < 0 || lf < crlf) ? pos + lf + 2 : pos + crlf + 3;
    }

    private static bool IsWellKnownFieldName(ReadOnlySpan<byte> name)
    {
        foreach (var known in CommonNameBytes)
        {
            if (Ascii.EqualsIgnoreCase(name, known))
            {
                return true;
            }
        }

        return StartsWithIgnoreCase(name, "X-"u8) || StartsWithIgnoreCase(name, "Content-"u8) || StartsWithIgnoreCase(name, "List-"u8)
            || StartsWithIgnoreCase(name, "Resent-"u8) || StartsWithIgnoreCase(name, "Thread-"u8) || Ascii.EqualsIgnoreCase(name, "Bcc"u8)
            || Ascii.EqualsIgnoreCase(name, "Importance"u8) || Ascii.EqualsIgnoreCase(name, "User-Agent"u8) || Ascii.EqualsIgnoreCase(name, "Organization"u8);
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> name, ReadOnlySpan<byte> prefix) =>
        name.Length > prefix.Length && Ascii.EqualsIgnoreCase(name[..prefix.Length], prefix);

    private static bool IsFieldName(ReadOnlySpan<byte> name)
    {
        name = name.TrimEnd(" \t"u8);
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var b in name)
        {
            if (b is < 33 or > 126)
            {
                return false;
            }
        }

        return true;
    }
}
