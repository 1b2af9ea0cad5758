namespace AckPoller.Mail.Mime;

/// <summary>A message AckPoller sends (an alert, or a confirmation/rejection reply). <see cref="MessageComposer"/> turns it
/// into RFC 5322/MIME bytes; every string here is treated as untrusted text and can never add or break a header.</summary>
public sealed record OutgoingMessage
{
    public required MailboxAddress From { get; init; }

    public IReadOnlyList<MailboxAddress> To { get; init; } = [];

    public IReadOnlyList<MailboxAddress> Cc { get; init; } = [];

    public MailboxAddress? ReplyTo { get; init; }

    public string Subject { get; init; } = string.Empty;

    public string TextBody { get; init; } = string.Empty;

    /// <summary>When set, the message is multipart/alternative (text first, HTML second).</summary>
    public string? HtmlBody { get; init; }

    /// <summary>Message-ID of the message this replies to, without angle brackets.</summary>
    public string? InReplyTo { get; init; }

    /// <summary>Thread ids, oldest first, without angle brackets.</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>When set, the Message-ID is "prefix.random@domain" (e.g. "ap.7K3QZ9"), so the id says what it is for.</summary>
    public string? MessageIdPrefix { get; init; }

    /// <summary>Additional header fields such as X-AckPoller-Ref. Names are validated; values are unstructured text.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ExtraHeaders { get; init; } = [];
}
