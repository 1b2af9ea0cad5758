namespace AckPoller.Mail.Mime;

/// <summary>The message is larger than <see cref="MimeParserOptions.MaxMessageSize"/>; nothing was parsed.</summary>
public sealed class MimeMessageTooLargeException : MailException
{
    public MimeMessageTooLargeException(long limit)
        : base($"The message is larger than the {limit}-byte limit (MimeParserOptions.MaxMessageSize).")
    {
        Limit = limit;
    }

    public long Limit { get; }

    public override MailErrorKind Kind => MailErrorKind.Protocol;
}
