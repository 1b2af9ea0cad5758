namespace AckPoller.Core.Mailboxes;

/// <summary>What the reply readers remember per account: the IMAP cursor and which message keys were processed.
/// Implemented by the store.</summary>
public interface IMailboxStateStore
{
    Task<MailboxCursor?> GetCursorAsync(string account, string mailbox, CancellationToken cancellationToken);

    Task SaveCursorAsync(string account, string mailbox, MailboxCursor cursor, CancellationToken cancellationToken);

    /// <summary>The keys among <paramref name="messageKeys"/> not recorded as processed for the account.</summary>
    Task<IReadOnlySet<string>> FindUnprocessedAsync(string account, IReadOnlyCollection<string> messageKeys, CancellationToken cancellationToken);
}
