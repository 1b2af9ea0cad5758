using AckPoller.Core.Configuration;
using AckPoller.Core.Diagnostics;
using AckPoller.Mail.Transport;

namespace AckPoller.Core.Mailboxes;

/// <summary>The endpoint of an account's IncomingServer URL (imaps://, imap:// with STARTTLS, pop3s://, pop3:// with STLS).</summary>
public static class IncomingServer
{
    public static MailEndpoint Endpoint(MailAccountOptions account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (!ProbeTarget.TryParse(account.IncomingServer, out var target, out var error))
        {
            throw new InvalidOperationException($"Account {account.Name}: IncomingServer: {error}");
        }

        return target!.Endpoint;
    }
}
