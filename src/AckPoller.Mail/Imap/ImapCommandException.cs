namespace AckPoller.Mail.Imap;

/// <summary>The IMAP server answered a command with NO or BAD, or the client refused to send a command the server
/// cannot carry out safely (a capability it lacks). The connection stays usable.</summary>
public sealed class ImapCommandException : MailCommandException
{
    public ImapCommandException(string message, string serverResponse)
        : base(message, serverResponse)
    {
    }

    /// <summary>The command that failed, e.g. "UID MOVE" (never its arguments).</summary>
    public string? Command { get; init; }

    /// <summary>"NO" or "BAD" when the server refused; null when the client refused for a missing capability.</summary>
    public string? Status { get; init; }

    /// <summary>The capability whose absence made the client refuse, e.g. "MOVE or UIDPLUS".</summary>
    public string? MissingCapability { get; init; }

    /// <summary>True for NO [TRYCREATE]: the target mailbox does not exist.</summary>
    public bool IsTryCreate => ResponseCode == "TRYCREATE";

    /// <summary>True for NO [ALREADYEXISTS] (RFC 5530).</summary>
    public bool IsAlreadyExists => ResponseCode == "ALREADYEXISTS";
}
