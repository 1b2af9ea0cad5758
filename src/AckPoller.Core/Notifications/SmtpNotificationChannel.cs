using AckPoller.Mail;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Diagnostics;
using AckPoller.Core.MailErrors;
using AckPoller.Mail.Mime;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Smtp;
using AckPoller.Mail.Transport;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Notifications;

/// <summary>The backup SMTP channel: either a separate server with basic auth (Notifications:SmtpServer, UserName,
/// PasswordEnv/PasswordFile) or another configured account's SMTP server and credentials (Notifications:Account),
/// through the SMTP send pipeline (retries on 4xx and network errors, never on 5xx).</summary>
public sealed class SmtpNotificationChannel : IAdminNotificationChannel
{
    private readonly NotificationOptions _options;
    private readonly AccountAuthenticators? _accounts;
    private readonly MailPipelines _pipelines;
    private readonly MailConnectionOptions _connection;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<string, string?> _environment;

    public SmtpNotificationChannel(
        AckPollerOptions options,
        MailPipelines pipelines,
        MailConnectionOptions connection,
        TimeProvider time,
        ILogger<SmtpNotificationChannel> logger,
        AccountAuthenticators? accounts = null,
        Func<string, string?>? environment = null)
    {
        _options = options.Notifications;
        _accounts = accounts;
        _pipelines = pipelines;
        _connection = connection;
        _time = time;
        _logger = logger;
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    public async Task SendAsync(IReadOnlyList<string> recipients, AdminMessage message, CancellationToken cancellationToken)
    {
        var (server, from, authenticate) = Channel();
        var composer = new MessageComposer(new MailboxAddress(from).Domain is { Length: > 0 } domain ? domain : "ackpoller.local", _time);
        var composed = composer.Compose(new OutgoingMessage
        {
            From = new MailboxAddress("AckPoller", from),
            To = [.. recipients.Select(r => new MailboxAddress(r))],
            Subject = message.Subject,
            TextBody = message.Body,
            ExtraHeaders = [new("X-Auto-Response-Suppress", "All")],
        });

        await _pipelines.SmtpSend(server).ExecuteAsync(async token =>
        {
            await using var client = await authenticate(token);
            await client.SendAsync(from, recipients, composed.Bytes, token);
            await client.QuitAsync(token);
        }, cancellationToken);
        NotificationsLog.AdminNotificationSentThroughRecipients(_logger, server, recipients.Count);
    }

    private (MailEndpoint Server, string From, Func<CancellationToken, Task<SmtpClient>> Connect) Channel()
    {
        if (!string.IsNullOrWhiteSpace(_options.Account))
        {
            var authenticator = _accounts?.Get(_options.Account) ?? throw new InvalidOperationException("Notifications:Account is set but no account authenticators are available.");
            var server = AccountServers.Smtp(authenticator.Options);
            var session = new AuthenticatedMailSession(authenticator, _logger);
            return (server, _options.From ?? authenticator.Options.Mailbox,
                token => session.RunAsync((credentials, t) => ConnectAsync(server, credentials, t), token));
        }

        if (string.IsNullOrWhiteSpace(_options.SmtpServer))
        {
            throw new InvalidOperationException("No backup SMTP channel: set Notifications:Account or Notifications:SmtpServer.");
        }

        var endpoint = AccountServers.Parse(_options.SmtpServer, "Notifications:SmtpServer");
        var user = _options.UserName!;
        return (endpoint, _options.From ?? user, token => ConnectAsync(endpoint, MailCredentials.FromPassword(user, Password()), token));
    }

    private string Password()
    {
        var value = !string.IsNullOrWhiteSpace(_options.PasswordEnv)
            ? _environment(_options.PasswordEnv)
            : !string.IsNullOrWhiteSpace(_options.PasswordFile) ? File.ReadAllText(_options.PasswordFile).Trim() : null;
        return string.IsNullOrEmpty(value)
            ? throw new ConfigurationException(["Notifications:PasswordEnv: the backup SMTP password is empty."])
            : value;
    }

    private Task<SmtpClient> ConnectAsync(MailEndpoint server, MailCredentials credentials, CancellationToken cancellationToken) =>
        new SmtpClient(_connection).OpenAsync(server, credentials, null, cancellationToken);
}
