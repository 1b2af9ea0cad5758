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
}
