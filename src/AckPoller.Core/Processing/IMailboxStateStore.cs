namespace AckPoller.Core.Processing;

/// <summary>What the reply readers remember per account: the IMAP cursor and which message keys were processed.
/// Implemented by the store.</summary>
public interface IMailboxStateStore
{
    Task<MailboxCursor?> GetCursorAsync(string account, string mailbox, CancellationToken cancellationToken);

    /// <summary>Saves the cursor, <see cref="MailboxCursor.HistoryBefore"/> included.</summary>
    Task SaveCursorAsync(string account, string mailbox, MailboxCursor cursor, CancellationToken cancellationToken);

    /// <summary>The keys among <paramref name="messageKeys"/> not recorded as processed for the account.</summary>
    Task<IReadOnlySet<string>> FindUnprocessedAsync(string account, IReadOnlyCollection<string> messageKeys, CancellationToken cancellationToken);

    /// <summary>The Message-IDs among <paramref name="messageIds"/> (without angle brackets, compared case-sensitively) that a
    /// processed message of the account carried, under any key: a redelivered copy, or the same mail after a UIDVALIDITY change.</summary>
    Task<IReadOnlySet<string>> FindProcessedMessageIdsAsync(string account, IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken);
}
