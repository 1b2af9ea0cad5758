namespace AckPoller.Mail.Imap.Protocol;

/// <summary>The condition of a status response.</summary>
internal enum ImapStatus
{
    Ok,
    No,
    Bad,
    PreAuth,
    Bye,
}
