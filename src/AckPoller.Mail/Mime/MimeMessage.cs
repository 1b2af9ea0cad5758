namespace AckPoller.Mail.Mime;

/// <summary>A parsed message. Built over the original bytes without copying them; addresses, ids, dates and text are worked out
/// on first use. Malformed input never throws: it gives <see cref="Warnings"/> and a best-effort result.</summary>
public sealed class MimeMessage
{
    private readonly List<string> warnings;
    private IReadOnlyList<MailboxAddress>? from;
    private IReadOnlyList<MailboxAddress>? to;
    private IReadOnlyList<MailboxAddress>? cc;
    private IReadOnlyList<MailboxAddress>? replyTo;
    private AutoReplySignals? autoReply;
    private IReadOnlyList<MimePart>? attachments;
    private DeliveryStatusReport? deliveryStatus;
    private bool deliveryStatusParsed;

    internal MimeMessage(ReadOnlyMemory<byte> raw, List<string> warnings)
    {
        Raw = raw;
        this.warnings = warnings;
        Headers = new HeaderList();
        Body = null!;
    }

    /// <summary>The message exactly as it was read.</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    public HeaderList Headers { get; private set; }

    /// <summary>The top-level entity; it shares <see cref="Headers"/> with the message.</summary>
    public MimeEntity Body { get; private set; }

    /// <summary>What was malformed or over a limit, for the whole parse (embedded messages included).</summary>
    public IReadOnlyList<string> Warnings => warnings;

    public string? Subject => Headers["Subject"];

    public IReadOnlyList<MailboxAddress> From => from ??= ParseAddresses("From");

    public IReadOnlyList<MailboxAddress> To => to ??= ParseAddresses("To");

    public IReadOnlyList<MailboxAddress> Cc => cc ??= ParseAddresses("Cc");

    public IReadOnlyList<MailboxAddress> ReplyTo => replyTo ??= ParseAddresses("Reply-To");

    public MailboxAddress? Sender => Headers.Find("Sender") is { } header && AddressParser.Parse(header.UnfoldedText) is [var first, ..] ? first : null;

    /// <summary>The Return-Path address; "" for the null reverse-path "&lt;&gt;" (bounces, auto-replies); null when absent.</summary>
    public string? ReturnPath => Headers.Find("Return-Path") is { } header ? ParseReturnPath(header.UnfoldedText) : null;

    /// <summary>The Message-ID without angle brackets.</summary>
    public string? MessageId => Headers.Find("Message-ID") is { } header ? MessageIdParser.ParseMessageId(header.UnfoldedText) : null;

    public IReadOnlyList<string> InReplyTo => ParseIds("In-Reply-To");

    public IReadOnlyList<string> References => ParseIds("References");

    public DateTimeOffset? Date => Headers.Find("Date") is { } header ? DateParser.Parse(header.UnfoldedText) : null;

    public IReadOnlyList<MimePart> Attachments => attachments ??= BodySelector.FindAttachments(Body);

    public AutoReplySignals AutoReply => autoReply ??= AutoReplySignals.FromMessage(this);

    /// <summary>The RFC 3464 delivery-status report when this is a bounce (multipart/report; report-type=delivery-status).</summary>
    public DeliveryStatusReport? DeliveryStatus
    {
        get
        {
            if (!deliveryStatusParsed)
            {
                deliveryStatus = DeliveryStatusReport.FromMessage(this);
                deliveryStatusParsed = true;
            }

            return deliveryStatus;
        }
    }

    /// <summary>The best plain-text rendering of the body, with "\n" line ends: text/plain preferred (multipart/alternative aware,
    /// format=flowed joined), else text/html converted to readable lines; null when the message has no text body.</summary>
    public string? GetTextBody() => TextBody(null);

    public string? GetHtmlBody() => BodySelector.FindTextPart(Body, "html")?.GetText();

    /// <summary><see cref="GetTextBody()"/> cut to at most <paramref name="maxLength"/> characters, decoded from a bounded
    /// prefix of the part (see <see cref="MimePart.GetText(int)"/>): what a reader of the top of the body needs, without
    /// decoding a large body whole.</summary>
    public string? GetTextBody(int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        return TextBody(maxLength);
    }

    /// <summary><see cref="GetHtmlBody()"/> cut to at most <paramref name="maxLength"/> characters, decoded from a bounded
    /// prefix of the part (see <see cref="MimePart.GetText(int)"/>).</summary>
    public string? GetHtmlBody(int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        return BodySelector.FindTextPart(Body, "html")?.GetText(maxLength);
    }

    /// <summary>The one text-body rule for both forms; with a <paramref name="maxLength"/> only a bounded prefix of the
    /// part is decoded and the result is cut to that many characters.</summary>
    private string? TextBody(int? maxLength)
    {
        if (BodySelector.FindTextPart(Body, "plain") is { } plain)
        {
            var type = plain.ContentType;
            var flowed = string.Equals(type.GetParameter("format"), "flowed", StringComparison.OrdinalIgnoreCase);

            // Joining CRLF (and flowed soft breaks, at most four characters for one) shortens the text: read enough of it
            // that what is returned is exactly the first maxLength characters of GetTextBody() when the prefix holds them.
            var text = maxLength is { } max ? plain.GetText((int)Math.Min(Array.MaxLength, (flowed ? 4L : 2L) * max)) : plain.GetText();
            text = flowed
                ? FlowedTextDecoder.Decode(text, string.Equals(type.GetParameter("delsp"), "yes", StringComparison.OrdinalIgnoreCase))
                : text.Replace("\r\n", "\n", StringComparison.Ordinal);
            return Cut(text, maxLength);
        }

        return BodySelector.FindTextPart(Body, "html") is { } html
            ? Cut(HtmlTextConverter.ToText(maxLength is { } limit ? html.GetText(limit) : html.GetText()), maxLength)
            : null;
    }

    private static string Cut(string text, int? maxLength) => maxLength is { } max ? MimePart.Truncate(text, max) : text;


    public byte[] ToBytes() => Raw.ToArray();

    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Raw.Span);
    }

    public ValueTask WriteToAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.WriteAsync(Raw, cancellationToken);
    }

    internal void SetContent(HeaderList headers, MimeEntity body)
    {
        Headers = headers;
        Body = body;
    }

    private List<MailboxAddress> ParseAddresses(string name)
    {
        var list = new List<MailboxAddress>();
        foreach (var header in Headers.GetAll(name))
        {
            list.AddRange(AddressParser.Parse(header.UnfoldedText));
        }

        return list;
    }

    private List<string> ParseIds(string name)
    {
        var list = new List<string>();
        foreach (var header in Headers.GetAll(name))
        {
            list.AddRange(MessageIdParser.ParseIds(header.UnfoldedText));
        }

        return list;
    }

    private static string ParseReturnPath(string value)
    {
        var text = value.Trim();
        var open = text.IndexOf('<', StringComparison.Ordinal);
        if (open >= 0)
        {
            var close = text.IndexOf('>', open + 1);
            text = close > open ? text[(open + 1)..close] : text[(open + 1)..];
        }

        // A source route ("<@relay:user@example.com>") is obsolete; keep only the mailbox.
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (text.StartsWith('@') && colon > 0)
        {
            text = text[(colon + 1)..];
        }

        return text.Trim();
    }
}
