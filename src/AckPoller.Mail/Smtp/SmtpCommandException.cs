namespace AckPoller.Mail.Smtp;

/// <summary>The SMTP server refused a command with a 4xx or 5xx reply (or the client refused to send because the
/// server's advertised limits forbid it, see <see cref="RaisedByClient"/>). The connection stays usable unless the
/// reply was 421 (the server is closing the channel).</summary>
public sealed class SmtpCommandException : MailCommandException
{
    public SmtpCommandException(string message, int statusCode, string? enhancedStatusCode, string serverResponse)
        : base(message, serverResponse)
    {
        StatusCode = statusCode;
        EnhancedStatusCode = enhancedStatusCode;
        ResponseCode = enhancedStatusCode;
    }

    internal SmtpCommandException(string message, SmtpReply reply)
        : this(message, reply.Code, reply.EnhancedStatusCode, reply.ToString())
    {
    }

    /// <summary>The three-digit reply code, e.g. 550.</summary>
    public int StatusCode { get; }

    /// <summary>The RFC 3463 enhanced status code, e.g. 5.1.1, when the server gave one.</summary>
    public string? EnhancedStatusCode { get; }

    /// <summary>4xx: trying again later may succeed.</summary>
    public bool IsTransient => StatusCode is >= 400 and < 500;

    /// <summary>5xx: the same request will fail again.</summary>
    public bool IsPermanent => StatusCode >= 500;

    /// <summary>True when nothing was sent: the client refused up front because of what the server advertised
    /// (message over SIZE, non-ASCII address without SMTPUTF8, 8-bit data without 8BITMIME). The status code is the
    /// one the server would have given.</summary>
    public bool RaisedByClient { get; init; }
}
