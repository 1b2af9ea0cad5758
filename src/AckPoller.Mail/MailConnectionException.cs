namespace AckPoller.Mail;

/// <summary>The connection could not be made, broke, timed out or was closed. The connection is unusable.</summary>
public sealed class MailConnectionException : MailException
{
    public MailConnectionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public override MailErrorKind Kind => MailErrorKind.Connection;
}
