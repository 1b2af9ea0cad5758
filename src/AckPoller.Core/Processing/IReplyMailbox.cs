namespace AckPoller.Core.Processing;

/// <summary>The server side of processing, done only after the outcome is recorded.</summary>
public interface IReplyMailbox
{
    /// <summary>IMAP: marks the message \Seen and moves it to the Processed or Rejected folder (created if missing).
    /// POP3: marks it for deletion when configured. A refusal (<see cref="Mail.MailCommandException"/>) fails this
    /// message only; a lost connection or cancellation ends the poll.</summary>
    Task SettleAsync(FetchedMessage message, ReplyDisposition disposition, CancellationToken cancellationToken);
}
