using AckPoller.Core.Configuration;
using AckPoller.Mail.Mime;

namespace AckPoller.Core.Outbox;

/// <summary>Who AckPoller's mail comes from, where replies go and which account sends, with the defaults of
/// <see cref="AlertsOptions"/> filled in from the configured accounts.</summary>
public sealed record AlertMailIdentity(MailboxAddress From, MailboxAddress ReplyTo, string MessageIdDomain, MailAccountOptions? SenderAccount)
{
    public static AlertMailIdentity Resolve(AckPollerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var alerts = options.Alerts;
        var sender = !string.IsNullOrWhiteSpace(alerts.SenderAccount)
            ? options.FindAccount(alerts.SenderAccount)
            : options.Accounts.FirstOrDefault(a => a.HasSmtp);
        var fallback = sender?.Mailbox ?? options.Accounts.FirstOrDefault()?.Mailbox;
        var fromAddress = FirstSet(alerts.FromAddress, fallback)
            ?? throw new InvalidOperationException("Alerts:FromAddress: no From address: configure Alerts:FromAddress or an account.");
        var replyTo = FirstSet(alerts.ReplyTo, sender?.Mailbox, options.Accounts.FirstOrDefault()?.Mailbox, fromAddress)!;
        var from = new MailboxAddress(string.IsNullOrWhiteSpace(alerts.FromName) ? null : alerts.FromName, fromAddress);
        var domain = FirstSet(alerts.MessageIdDomain, from.Domain)!;
        return new AlertMailIdentity(from, new MailboxAddress(replyTo), domain, sender);
    }

    private static string? FirstSet(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
