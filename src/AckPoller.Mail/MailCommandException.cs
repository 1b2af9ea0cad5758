namespace AckPoller.Mail;

/// <summary>The server refused a command (IMAP NO/BAD, POP3 -ERR, SMTP 4xx/5xx). The connection stays usable.</summary>
public class MailCommandException : MailException
{
    public MailCommandException(string message, string serverResponse)
        : base(message)
    {
        ServerResponse = serverResponse;
    }

    public override MailErrorKind Kind => MailErrorKind.Command;

    /// <summary>A response code the server attached, e.g. IMAP's TRYCREATE or POP3's IN-USE, without brackets.</summary>
    public string? ResponseCode { get; init; }
}
