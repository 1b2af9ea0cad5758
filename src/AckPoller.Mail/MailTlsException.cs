namespace AckPoller.Mail;

/// <summary>TLS could not be negotiated or the server certificate was not trusted. The connection is unusable.</summary>
public sealed class MailTlsException : MailException
{
    public MailTlsException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public override MailErrorKind Kind => MailErrorKind.Tls;
}
