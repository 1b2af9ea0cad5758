namespace AckPoller.Mail;

/// <summary>The server ended the session on its own (IMAP untagged BYE, e.g. Office 365's
/// "Session invalidated - AccessTokenExpired"). Reconnect, usually with a fresh token.</summary>
public sealed class MailSessionEndedException : MailException
{
    public MailSessionEndedException(string message, string serverResponse)
        : base(message)
    {
        ServerResponse = serverResponse;
    }

    public override MailErrorKind Kind => MailErrorKind.SessionEnded;

    /// <summary>True when the server says the access token expired, so a fresh token should be fetched first.</summary>
    public bool IsAccessTokenExpired =>
        ServerResponse?.Contains("AccessTokenExpired", StringComparison.OrdinalIgnoreCase) == true;
}
