namespace AckPoller.Core.Mailboxes;

/// <summary>Where incremental IMAP fetching stopped in one mailbox: a changed UIDVALIDITY invalidates LastUid.</summary>
public sealed record MailboxCursor(uint UidValidity, uint LastUid);
