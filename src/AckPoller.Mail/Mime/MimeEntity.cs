namespace AckPoller.Mail.Mime;

/// <summary>A node of a parsed message: its header fields, the parsed Content-Type/Disposition, and its raw bytes.</summary>
public abstract class MimeEntity
{
    private protected MimeEntity(HeaderList headers, ContentType contentType, ReadOnlyMemory<byte> raw)
    {
        Headers = headers;
        ContentType = contentType;
        Raw = raw;
        ContentTransferEncoding = ReadTransferEncoding(headers);
        Disposition = headers.Find("Content-Disposition") is { } disposition ? ContentDisposition.Parse(disposition.UnfoldedText) : null;
    }

    public HeaderList Headers { get; }

    /// <summary>The effective content type: the parsed header, or the default for the context (text/plain, or message/rfc822 in a
    /// multipart/digest). A multipart without a boundary is reported as text/plain.</summary>
    public ContentType ContentType { get; }

    /// <summary>Lower-case transfer encoding ("base64", "quoted-printable", "7bit", ...), or null when absent.</summary>
    public string? ContentTransferEncoding { get; }

    public ContentDisposition? Disposition { get; }

    /// <summary>The Content-ID without angle brackets, or null.</summary>
    public string? ContentId => Headers.Find("Content-ID") is { } header && MessageIdParser.ParseIds(header.UnfoldedText) is [var id, ..] ? id : null;

    internal static string? ReadTransferEncoding(HeaderList headers) =>
        headers.Find("Content-Transfer-Encoding")?.UnfoldedText.Trim().ToLowerInvariant() is { Length: > 0 } encoding ? encoding : null;

    /// <summary>The entity's bytes as they appear in the message, header fields included.</summary>
    public ReadOnlyMemory<byte> Raw { get; }
}
