namespace AckPoller.Mail.Smtp;

/// <summary>A recipient the server refused at RCPT TO, with its reason.</summary>
public sealed record SmtpRecipientRejection(string Address, int StatusCode, string? EnhancedStatusCode, string ServerResponse)
{
    /// <summary>4xx: the recipient may be accepted later.</summary>
    public bool IsTransient => StatusCode is >= 400 and < 500;
}
