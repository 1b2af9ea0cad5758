using AckPoller.Core.Configuration;
using AckPoller.Mail.Transport;

namespace AckPoller.Core.Diagnostics;

/// <summary>The endpoints behind an account's configured server URLs (validated at start-up).</summary>
public static class AccountServers
{
    public static MailEndpoint Incoming(MailAccountOptions account) => Parse(account.IncomingServer, $"Accounts:{account.Name}:IncomingServer");

    public static MailEndpoint Smtp(MailAccountOptions account) =>
        Parse(account.SmtpServer ?? throw new ConfigurationException([$"Accounts:{account.Name}:SmtpServer: is required to send."]), $"Accounts:{account.Name}:SmtpServer");

    public static MailEndpoint Parse(string url, string key) =>
        ProbeTarget.TryParse(url, out var target, out var error) ? target!.Endpoint : throw new ConfigurationException([$"{key}: {error}"]);
}
