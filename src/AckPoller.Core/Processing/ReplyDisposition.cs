namespace AckPoller.Core.Processing;

/// <summary>Where a message goes once its outcome is recorded: IMAP's Processed folder (applied, ignored) or Rejected
/// folder (rejected, malformed). POP3 has no folders: both mean "delete when configured".</summary>
public enum ReplyDisposition
{
    Processed,
    Rejected,
}
