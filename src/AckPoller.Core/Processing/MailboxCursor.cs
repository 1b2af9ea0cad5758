namespace AckPoller.Core.Processing;

/// <summary>Where incremental IMAP fetching stopped in one mailbox: a changed UIDVALIDITY invalidates LastUid.</summary>
public sealed record MailboxCursor(uint UidValidity, uint LastUid)
{
    /// <summary>Set when the first run left the mail already there alone: messages delivered (IMAP INTERNALDATE) before
    /// this instant are never acted on, even after a UIDVALIDITY change makes their UIDs meaningless. Null: no such mail.</summary>
    public DateTimeOffset? HistoryBefore { get; init; }
}
