namespace AckPoller.Core.Configuration;

/// <summary>The protocol an account reads its replies with.</summary>
public enum MailProtocol
{
    Imap,
    Pop3,
}
