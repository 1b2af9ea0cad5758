namespace AckPoller.Mail.Mime;

/// <summary>An embedded message (message/rfc822 or message/global), parsed like a top-level one.</summary>
public sealed class MessagePart : MimeEntity
{
    private MimePart? asAttachment;

    internal MessagePart(HeaderList headers, ContentType contentType, ReadOnlyMemory<byte> raw, ReadOnlyMemory<byte> rawContent, MimeMessage message)
        : base(headers, contentType, raw)
    {
        RawContent = rawContent;
        Message = message;
    }

    public MimeMessage Message { get; }

    /// <summary>The body bytes as transmitted (the embedded message, still transfer-encoded if it was sent encoded).</summary>
    public ReadOnlyMemory<byte> RawContent { get; }

    /// <summary>Content-Disposition filename, else the Content-Type name parameter.</summary>
    public string? FileName => Disposition?.FileName ?? ContentType.Name;

    /// <summary>Sent as an attachment (Outlook's "forward as attachment"): marked so, or named without being marked inline. A
    /// message/rfc822 part without either is a forward shown inline and not listed among the attachments.</summary>
    public bool IsAttachment => Disposition is { IsAttachment: true } || (FileName is not null && Disposition is not { IsInline: true });

    /// <summary>The part as a file (its headers and bytes; decoding gives the .eml), as listed in
    /// <see cref="MimeMessage.Attachments"/>.</summary>
    internal MimePart AsAttachment() => asAttachment ??= new MimePart(Headers, ContentType, Raw, RawContent);
}
