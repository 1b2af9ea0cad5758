namespace AckPoller.Core.Replies;

/// <summary>One message fetched from a reply mailbox, with the key that identifies it there for good:
/// IMAP "imap:{mailbox}:{uidvalidity}:{uid}", POP3 "pop3:{uidl}".</summary>
public sealed record IncomingReply(string Account, string Protocol, string MessageKey, ReadOnlyMemory<byte> Raw, DateTimeOffset ReceivedAt);
