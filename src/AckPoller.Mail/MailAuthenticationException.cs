using AckPoller.Mail.Sasl;

namespace AckPoller.Mail;

/// <summary>The server rejected the credentials. Carries the server's final text and, for OAuth mechanisms,
/// the decoded error challenge (e.g. {"status":"401","schemes":"bearer","scope":"mail"}).</summary>
public sealed class MailAuthenticationException : MailException
{
    public MailAuthenticationException(string message, string? serverResponse = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ServerResponse = serverResponse;
    }

    public override MailErrorKind Kind => MailErrorKind.Authentication;

    /// <summary>The SASL mechanism that was tried, e.g. XOAUTH2.</summary>
    public string? Mechanism { get; init; }

    /// <summary>The OAuth error the server sent as a SASL challenge, when it sent one.</summary>
    public OAuthErrorChallenge? OAuthError { get; init; }

    /// <summary>A response code such as AUTHENTICATIONFAILED (IMAP) or 5.7.8 (SMTP), when the server gave one.</summary>
    public string? ResponseCode { get; init; }
}
