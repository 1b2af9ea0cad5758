using System.Text;

namespace AckPoller.Mail.Mime;

/// <summary>Builds the entity tree over one buffer without recursion: every multipart body and embedded message is a work item
/// on an explicit stack, so nesting depth costs heap, not stack. Boundaries are found with vectorized span searches; content is
/// never copied (except an embedded message sent base64/quoted-printable encoded, which is decoded to be parsed).</summary>
internal sealed class MimeStructureParser
{
    private readonly MimeParseContext context;
    private readonly Stack<WorkItem> work = new();

    private MimeStructureParser(MimeParseContext context)
    {
        this.context = context;
    }

    public static MimeMessage Parse(ReadOnlyMemory<byte> buffer, MimeParserOptions options)
    {
        var context = new MimeParseContext(options);
        var message = new MimeMessage(buffer, context.Warnings);
        var parser = new MimeStructureParser(context);
        parser.work.Push(WorkItem.ForMessage(message, buffer, 0, "message", isTopLevel: true));
        parser.Run();
        return message;
    }

    private void Run()
    {
        while (work.Count > 0)
        {
            var item = work.Pop();
            if (item.Message is not null)
            {
                FillMessage(item);
            }
            else
            {
                FillMultipart(item);
            }
        }
    }

    private void FillMessage(WorkItem item)
    {
        var buffer = item.Buffer;
        var headers = HeaderBlockParser.Parse(buffer, 0, buffer.Length, context, item.Location, item.IsTopLevel, out var bodyStart);
        if (item.IsTopLevel)
        {
            WarnAboutUnknownHeaderCharsets(headers);
        }

        var body = CreateEntity(headers, buffer, 0, bodyStart, buffer.Length, item.Depth, ContentType.TextPlain, item.Location);
        item.Message!.SetContent(headers, body);
    }

    private void FillMultipart(WorkItem item)
    {
        var multipart = item.Multipart!;
        var buffer = item.Buffer;
        var data = buffer.Span;
        var needle = BoundaryBytes(multipart.Boundary);
        var childDefault = multipart.ContentType.MediaSubtype == "digest" ? ContentType.MessageRfc822 : ContentType.TextPlain;
        var end = item.End;

        var delimiter = FindDelimiter(data, item.Start, end, needle);
        if (delimiter.ContentEnd < 0)
        {
            context.Warn($"{item.Location}: multipart boundary \"{multipart.Boundary}\" never appears; the body is kept as the preamble.");
            multipart.Preamble = buffer[item.Start..end];
            return;
        }

        multipart.Preamble = buffer[item.Start..delimiter.ContentEnd];
        var children = new List<(int Start, int End)>();
        var budget = Math.Max(0, context.Options.MaxParts - context.EntityCount);
        while (!delimiter.IsClose)
        {
            if (children.Count >= budget)
            {
                ReportPartLimit();
                break;
            }

            var partStart = delimiter.LineEnd;
            var next = FindDelimiter(data, partStart, end, needle);
            if (next.ContentEnd < 0)
            {
                context.Warn($"{item.Location}: missing final boundary \"--{multipart.Boundary}--\"; the last part runs to the end.");
                children.Add((partStart, end));
                break;
            }

            children.Add((partStart, next.ContentEnd));
            delimiter = next;
        }

        if (delimiter.IsClose)
        {
            multipart.HasFinalBoundary = true;
            multipart.Epilogue = buffer[delimiter.LineEnd..end];
        }

        // Create children in order; their own bodies are pushed in reverse so they are processed in document order.
        var pending = new List<WorkItem>();
        for (var i = 0; i < children.Count; i++)
        {
            if (context.EntityCount >= context.Options.MaxParts)
            {
                ReportPartLimit();
                break;
            }

            var (start, partEnd) = children[i];
            var location = item.Location == "message" ? $"part {i + 1}" : $"{item.Location}.{i + 1}";
            var headers = HeaderBlockParser.Parse(buffer, start, partEnd, context, location, allowMboxFromLine: false, out var bodyStart);
            multipart.Add(CreateEntity(headers, buffer, start, bodyStart, partEnd, item.Depth + 1, childDefault, location, pending));
        }

        for (var i = pending.Count - 1; i >= 0; i--)
        {
            work.Push(pending[i]);
        }
    }

    private MimeEntity CreateEntity(HeaderList headers, ReadOnlyMemory<byte> buffer, int start, int bodyStart, int end, int depth, ContentType defaultType, string location, List<WorkItem>? pending = null)
    {
        context.EntityCount++;
        var raw = buffer[start..end];
        var body = buffer[bodyStart..end];
        var contentType = ReadContentType(headers, defaultType, location);

        if (contentType.IsMultipart)
        {
            var boundary = contentType.Boundary;
            if (boundary is null)
            {
                context.Warn($"{location}: {contentType.MimeType} without a boundary parameter; treated as text/plain.");
                return new MimePart(headers, new ContentType("text", "plain", contentType.Parameters), raw, body);
            }

            if (boundary.Length == 0)
            {
                // Not allowed (RFC 2046 §5.1.1: 1 to 70 characters), but MimeKit and Python's email package both split on
                // bare "--" lines (closed by "----"), so the parts a sender meant are read the same way here.
                context.Warn($"{location}: {contentType.MimeType} with an empty boundary; parts are split on \"--\" lines.");
            }

            if (TryDescend(depth, location))
            {
                var multipart = new Multipart(headers, contentType, raw, boundary);
                Schedule(pending, new WorkItem(buffer, bodyStart, end, depth, location, multipart, null, false));
                return multipart;
            }

            return new MimePart(headers, contentType, raw, body);
        }

        if (contentType.MediaType == "message" && contentType.MediaSubtype is "rfc822" or "global" && TryDescend(depth, location))
        {
            var transferEncoding = MimeEntity.ReadTransferEncoding(headers);
            if (transferEncoding is "base64" or "quoted-printable")
            {
                // Each encoded level is decoded into a new buffer; the total is bounded like the message itself.
                context.DecodedBytes += body.Length;
                if (context.DecodedBytes > context.Options.MaxMessageSize)
                {
                    context.Warn($"{location}: encoded embedded messages exceed {context.Options.MaxMessageSize} decoded bytes; kept undecoded.");
                    return new MimePart(headers, contentType, raw, body);
                }
            }

            var inner = DecodeEmbeddedMessage(transferEncoding, body);
            var message = new MimeMessage(inner, context.Warnings);
            Schedule(pending, WorkItem.ForMessage(message, inner, depth + 1, location + " (embedded message)", isTopLevel: false));
            return new MessagePart(headers, contentType, raw, body, message);
        }

        return new MimePart(headers, contentType, raw, body);
    }

    private void Schedule(List<WorkItem>? pending, WorkItem item)
    {
        if (pending is null)
        {
            work.Push(item);
        }
        else
        {
            pending.Add(item);
        }
    }

    private bool TryDescend(int depth, string location)
    {
        if (depth >= context.Options.MaxNestingDepth)
        {
            context.Warn($"{location}: nesting deeper than {context.Options.MaxNestingDepth} levels; kept as an opaque part.");
            return false;
        }

        if (context.EntityCount >= context.Options.MaxParts)
        {
            ReportPartLimit();
            return false;
        }

        return true;
    }

    private void ReportPartLimit()
    {
        if (!context.PartLimitReported)
        {
            context.PartLimitReported = true;
            context.Warn($"More than {context.Options.MaxParts} parts; the remaining content was not split into parts.");
        }
    }

    private ContentType ReadContentType(HeaderList headers, ContentType defaultType, string location)
    {
        var header = headers.Find("Content-Type");
        if (header is null)
        {
            return defaultType;
        }

        var parsed = ContentType.Parse(header.UnfoldedText);
        if (parsed is null)
        {
            context.Warn($"{location}: unreadable Content-Type \"{Truncate(header.UnfoldedText)}\"; using {defaultType.MimeType}.");
            return defaultType;
        }

        if (parsed.IsText && !CharsetDecoder.IsKnown(parsed.Charset))
        {
            context.Warn($"{location}: unknown charset \"{Truncate(parsed.Charset!)}\"; text is read as UTF-8, else Latin-1.");
        }

        return parsed;
    }

    /// <summary>Encoded words (RFC 2047) in the fields a reader sees, in a charset this decoder does not know: they are read
    /// best-effort (UTF-8 when valid, else Latin-1), and the warning says so. Only fields holding "=?" are looked at.</summary>
    private void WarnAboutUnknownHeaderCharsets(HeaderList headers)
    {
        foreach (var header in headers)
        {
            if (!IsReaderField(header.Name))
            {
                continue;
            }

            var raw = header.RawValue.Span;
            var at = raw.IndexOf("=?"u8);
            while (at >= 0)
            {
                var rest = raw[(at + 2)..];
                var end = rest.IndexOfAny("?*"u8);
                if (end > 0 && end <= 64 && IsCharsetName(rest[..end]))
                {
                    var charset = Encoding.ASCII.GetString(rest[..end]);
                    if (!CharsetDecoder.IsKnown(charset))
                    {
                        context.Warn($"{header.Name}: encoded word in unknown charset \"{charset}\"; read as UTF-8, else Latin-1.");
                        break;
                    }
                }

                var next = rest.IndexOf("=?"u8);
                at = next < 0 ? -1 : at + 2 + next;
            }
        }
    }

    private static bool IsCharsetName(ReadOnlySpan<byte> name)
    {
        // Also rules out the "=?" that base64 padding makes with the end of a word ("...w6k=?=").
        foreach (var b in name)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)':'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsReaderField(string name) =>
        name.Equals("Subject", StringComparison.OrdinalIgnoreCase) || name.Equals("From", StringComparison.OrdinalIgnoreCase)
        || name.Equals("To", StringComparison.OrdinalIgnoreCase) || name.Equals("Cc", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Reply-To", StringComparison.OrdinalIgnoreCase) || name.Equals("Sender", StringComparison.OrdinalIgnoreCase);

    private static ReadOnlyMemory<byte> DecodeEmbeddedMessage(string? transferEncoding, ReadOnlyMemory<byte> body) => transferEncoding switch
    {
        // Not allowed by RFC 2046 §5.2.1, but sent by some gateways; decode so the message can still be read.
        "base64" => Base64Decoder.Decode(body.Span),
        "quoted-printable" => QuotedPrintableDecoder.Decode(body.Span),
        _ => body,
    };

    private static byte[] BoundaryBytes(string boundary)
    {
        var encoding = Ascii.IsValid(boundary) ? Encoding.ASCII : Encoding.UTF8;
        var bytes = new byte[encoding.GetByteCount(boundary) + 2];
        bytes[0] = (byte)'-';
        bytes[1] = (byte)'-';
        encoding.GetBytes(boundary, bytes.AsSpan(2));
        return bytes;
    }

    /// <summary>Finds the next line in [from, end) that is exactly "--boundary" or "--boundary--" plus optional trailing blanks.
    /// ContentEnd is where the preceding content stops (the line break before the delimiter belongs to it); -1 when none.</summary>
    private static Delimiter FindDelimiter(ReadOnlySpan<byte> data, int from, int end, ReadOnlySpan<byte> needle)
    {
        var searchFrom = from;
        while (searchFrom < end)
        {
            var index = data[searchFrom..end].IndexOf(needle);
            if (index < 0)
            {
                break;
            }

            var at = searchFrom + index;
            searchFrom = at + 1;
            if (at != from && data[at - 1] != (byte)'\n')
            {
                continue;
            }

            var pos = at + needle.Length;
            var isClose = pos + 1 < end && data[pos] == (byte)'-' && data[pos + 1] == (byte)'-';
            if (isClose)
            {
                pos += 2;
            }

            while (pos < end && data[pos] is (byte)' ' or (byte)'\t')
            {
                pos++;
            }

            int lineEnd;
            if (pos == end)
            {
                lineEnd = end;
            }
            else if (data[pos] == (byte)'\n')
            {
                lineEnd = pos + 1;
            }
            else if (data[pos] == (byte)'\r' && (pos + 1 == end || data[pos + 1] == (byte)'\n'))
            {
                lineEnd = Math.Min(end, pos + 2);
            }
            else
            {
                continue;
            }

            var contentEnd = at;
            if (at != from)
            {
                contentEnd = at - 1;
                if (contentEnd > from && data[contentEnd - 1] == (byte)'\r')
                {
                    contentEnd--;
                }
            }

            return new Delimiter(contentEnd, lineEnd, isClose);
        }

        return new Delimiter(-1, -1, false);
    }

    private static string Truncate(string text) => text.Length <= 100 ? text : text[..100] + "...";

    private readonly record struct Delimiter(int ContentEnd, int LineEnd, bool IsClose);

    private readonly record struct WorkItem(ReadOnlyMemory<byte> Buffer, int Start, int End, int Depth, string Location, Multipart? Multipart, MimeMessage? Message, bool IsTopLevel)
    {
        public static WorkItem ForMessage(MimeMessage message, ReadOnlyMemory<byte> buffer, int depth, string location, bool isTopLevel) =>
            new(buffer, 0, buffer.Length, depth, location, null, message, isTopLevel);
    }
}
