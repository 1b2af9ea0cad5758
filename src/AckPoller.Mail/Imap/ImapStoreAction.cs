namespace AckPoller.Mail.Imap;

/// <summary>How UID STORE changes the flags: +FLAGS, -FLAGS or FLAGS.</summary>
public enum ImapStoreAction
{
    Add,
    Remove,
    Replace,
}
