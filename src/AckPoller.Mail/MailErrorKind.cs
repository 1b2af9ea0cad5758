namespace AckPoller.Mail;

/// <summary>The broad class of a mail failure; decides exit codes and whether a retry can help.</summary>
public enum MailErrorKind
{
    Connection,
    Tls,
    Protocol,
    Command,
    Authentication,
    SessionEnded,
}
