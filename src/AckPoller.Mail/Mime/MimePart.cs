namespace AckPoller.Mail.Mime;

/// <summary>A leaf part. Its content stays encoded as it arrived until <see cref="DecodeContent"/> or <see cref="GetText"/>.</summary>
public sealed class MimePart : MimeEntity
{
    internal MimePart(HeaderList headers, ContentType contentType, ReadOnlyMemory<byte> raw, ReadOnlyMemory<byte> rawContent)
        : base(headers, contentType, raw)
    {
        RawContent = rawContent;
    }

    /// <summary>The body bytes as transmitted (still base64/quoted-printable encoded).</summary>
    public ReadOnlyMemory<byte> RawContent { get; }

    /// <summary>Content-Disposition filename, else the Content-Type name parameter.</summary>
    public string? FileName => Disposition?.FileName ?? ContentType.Name;

    /// <summary>Marked as an attachment, or carries a file name without being marked inline.</summary>
    public bool IsAttachment => Disposition is { IsAttachment: true } || (FileName is not null && Disposition is not { IsInline: true });

    /// <summary>The content with its transfer encoding removed (unknown encodings are returned as they are).</summary>
    public byte[] DecodeContent() => ContentTransferEncoding switch
    {
        "base64" => Base64Decoder.Decode(RawContent.Span),
        "quoted-printable" => QuotedPrintableDecoder.Decode(RawContent.Span),
        _ => RawContent.ToArray(),
    };

    /// <summary>The content decoded to text in its declared charset (see <see cref="CharsetDecoder.Decode"/>).</summary>
    public string GetText()
    {
        var charset = ContentType.Charset;
        return ContentTransferEncoding is "base64" or "quoted-printable"
            ? CharsetDecoder.Decode(DecodeContent(), charset)
            : CharsetDecoder.Decode(RawContent.Span, charset);
    }

    /// <summary>At most <paramref name="maxLength"/> characters of the text, decoded from a bounded prefix of the content:
    /// a large part is never decoded whole, so reading the top of a 15 MB body costs about 4 × <paramref name="maxLength"/>
    /// bytes, not three copies of the body. The prefix is cut at a line end (before and after removing the transfer
    /// encoding), so base64 quads, quoted-printable soft breaks and multi-byte characters are not split; content that
    /// fits the prefix gives exactly the first <paramref name="maxLength"/> characters of <see cref="GetText()"/>.</summary>
    public string GetText(int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        var budget = PrefixBytes(maxLength);
        if (RawContent.Length <= budget)
        {
            return Truncate(GetText(), maxLength);
        }

        var raw = UpToLastLineEnd(RawContent.Span[..(int)budget]);
        var charset = ContentType.Charset;
        var text = ContentTransferEncoding switch
        {
            "base64" => CharsetDecoder.Decode(UpToLastLineEnd(Base64Decoder.Decode(raw)), charset),
            "quoted-printable" => CharsetDecoder.Decode(UpToLastLineEnd(QuotedPrintableDecoder.Decode(raw)), charset),
            _ => CharsetDecoder.Decode(raw, charset),
        };
        return Truncate(text, maxLength);
    }

    /// <summary>How many content bytes <see cref="GetText(int)"/> reads at most for <paramref name="maxLength"/> characters.</summary>
    internal static long PrefixBytes(int maxLength) => (4L * maxLength) + 4096;

    internal static string Truncate(string text, int maxLength) => text.Length > maxLength ? text[..maxLength] : text;

    // Up to and including the last LF; all of it when there is none (a single huge line is cut where it is).
    private static ReadOnlySpan<byte> UpToLastLineEnd(ReadOnlySpan<byte> bytes)
    {
        var last = bytes.LastIndexOf((byte)'\n');
        return last < 0 ? bytes : bytes[..(last + 1)];
    }
}
