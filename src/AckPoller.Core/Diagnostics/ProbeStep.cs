namespace AckPoller.Core.Diagnostics;

/// <summary>The steps of a probe in the order they run; a failure is reported against the step it happened in.</summary>
internal enum ProbeStep
{
    Connect,
    Authenticate,
    Capabilities,

    /// <summary>IMAP EXAMINE INBOX or POP3 STAT.</summary>
    Mailbox,

    /// <summary>SMTP: the test message.</summary>
    Send,
}
