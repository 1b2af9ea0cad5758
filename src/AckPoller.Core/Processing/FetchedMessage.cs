using AckPoller.Core.Replies;

namespace AckPoller.Core.Processing;

/// <summary>One message read from a mailbox, ready to be processed. <paramref name="Handle"/> finds it again on the
/// server during this session: the IMAP UID or the POP3 message number.</summary>
public sealed record FetchedMessage(IncomingReply Reply, uint Handle)
{
    /// <summary>Why the message is malformed before it is even parsed (e.g. too large to download); null otherwise.
    /// Such a message's <see cref="IncomingReply.Raw"/> is empty.</summary>
    public string? MalformedReason { get; init; }
}
