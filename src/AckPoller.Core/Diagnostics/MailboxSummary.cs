namespace AckPoller.Core.Diagnostics;

/// <summary>What a probe saw in the mailbox: the INBOX message count (IMAP EXISTS, POP3 STAT) and, for IMAP, whether IDLE is offered.</summary>
internal sealed record MailboxSummary(long Messages, bool IdleOffered);
