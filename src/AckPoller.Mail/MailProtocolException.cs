namespace AckPoller.Mail;

/// <summary>The server sent something the protocol does not allow (garbage, oversized lines, broken syntax).
/// The connection is dropped: after garbage nothing the server says can be trusted.</summary>
public sealed class MailProtocolException : MailException
{
    public MailProtocolException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public override MailErrorKind Kind => MailErrorKind.Protocol;
}
