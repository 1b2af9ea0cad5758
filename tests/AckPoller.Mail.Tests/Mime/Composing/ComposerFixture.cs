using AckPoller.Mail.Mime;

namespace AckPoller.Mail.Tests.Mime.Composing;

internal static class ComposerFixture
{
    public static readonly DateTimeOffset Now = new(2025, 11, 24, 9, 5, 7, TimeSpan.Zero);

    public static MessageComposer Composer() =>
        new("ackpoller.example.net", new FixedTimeProvider(Now, TimeZoneInfo.CreateCustomTimeZone("CET", TimeSpan.FromHours(1), "CET", "CET")));

    public static OutgoingMessage Alert(string subject = "[ALERT] disk full on db-01", string text = "Disk /var is 97% full.\nReply ACK to acknowledge.\n") => new()
    {
        From = new MailboxAddress("AckPoller", "alerts@ackpoller.example.net"),
        To = [new MailboxAddress("On-call", "oncall@ops.example.com")],
        Subject = subject,
        TextBody = text,
    };
}
