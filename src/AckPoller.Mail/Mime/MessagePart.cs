namespace AckPoller.Mail.Mime;

/// <summary>An embedded message (message/rfc822 or message/global), parsed like a top-level one.</summary>
public sealed class MessagePart : MimeEntity
{
    internal MessagePart(HeaderList headers, ContentType contentType, ReadOnlyMemory<byte> raw, MimeMessage message)
        : base(headers, contentType, raw)
    {
        Message = message;
    }

    public MimeMessage Message { get; }
}
