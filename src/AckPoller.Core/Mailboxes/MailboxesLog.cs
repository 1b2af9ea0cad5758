using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Mailboxes;

/// <summary>Log events of iMAP/POP3 reply readers: EventIds 1300–1349 (the README's event catalogue lists them).</summary>
internal static partial class MailboxesLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Account {Account}: first run on {Folder}; the {Count} messages already there are left alone (Processing:ProcessExistingMail is false)")]
    internal static partial void FirstRunMessagesAlreadyThere(ILogger logger, string account, object? folder, object? count);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Account {Account}: first run on {Folder}; processing the {Count} messages already there (Processing:ProcessExistingMail)")]
    internal static partial void FirstRunProcessingMessagesAlready(ILogger logger, string account, object? folder, object? count);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Account {Account}: UIDVALIDITY of {Folder} changed from {Old} to {New}: its UIDs were renumbered. Re-scanning it: mail processed before is recognised by its Message-ID and only filed away, mail delivered before the first run is left alone.")]
    internal static partial void UidValidityChanged(ILogger logger, string account, object? folder, object? old, object? @new);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "Account {Account}: {Count} messages delivered before the first run are left alone after the UIDVALIDITY change")]
    internal static partial void MessagesDeliveredBeforeFirstRun(ILogger logger, string account, object? count);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Debug, Message = "Account {Account}: IMAP LOGOUT failed: {Error}")]
    internal static partial void ImapLogoutFailed(ILogger logger, string account, object? error);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Information, Message = "Account {Account}: {Count} messages processed before were still in the maildrop (the last session did not QUIT); deleted them again")]
    internal static partial void MessagesProcessedBeforeWereStill(ILogger logger, string account, object? count);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Warning, Message = "Account {Account}: first run on the POP3 maildrop; only {Done} of {Count} existing messages could be remembered, trying again next poll")]
    internal static partial void Pop3FirstRunPartlyRemembered(ILogger logger, string account, object? done, object? count);

    [LoggerMessage(EventId = 1307, Level = LogLevel.Information, Message = "Account {Account}: first run on the POP3 maildrop; the {Count} messages already there are left alone (Processing:ProcessExistingMail is false)")]
    internal static partial void Pop3FirstRunLeftAlone(ILogger logger, string account, object? count);

    [LoggerMessage(EventId = 1308, Level = LogLevel.Information, Message = "Account {Account}: {Key} was expunged by another client before it could be fetched")]
    internal static partial void ExpungedBeforeFetch(ILogger logger, string account, object? key);

    [LoggerMessage(EventId = 1309, Level = LogLevel.Warning, Message = "Account {Account}: the server answered the FETCH of {Key} without its body although the message exists (attempt {Attempt} of {Max}); it is fetched again next poll")]
    internal static partial void FetchAnsweredWithoutBody(ILogger logger, string account, object? key, object? attempt, object? max);

    [LoggerMessage(EventId = 1310, Level = LogLevel.Warning, Message = "Account {Account}: {Key} {Reason}; recorded as failed")]
    internal static partial void NotDownloadableRecordedFailed(ILogger logger, string account, object? key, object? reason);

    [LoggerMessage(EventId = 1311, Level = LogLevel.Warning, Message = "Account {Account}: the server refused to send {Key} (attempt {Attempt} of {Max}): {Error}; it is fetched again next poll")]
    internal static partial void Pop3RetrRefused(ILogger logger, string account, object? key, object? attempt, object? max, object? error);
}
