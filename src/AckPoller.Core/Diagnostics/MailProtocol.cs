namespace AckPoller.Core.Diagnostics;

public enum MailProtocol
{
    Imap,
    Pop3,
    Smtp,
}
