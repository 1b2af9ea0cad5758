using AckPoller.Mail;
using AckPoller.Core.Alerts;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Smtp;
using AckPoller.Mail.Transport;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Outbox;

/// <summary>Sends through the configured sender account's SMTP server, authenticated by the auth layer (XOAUTH2 with an
/// MSAL token, refreshed once if the server refuses it; PLAIN/LOGIN for a Password account). The envelope sender is
/// the account's mailbox, which the server requires the login to own.</summary>
public sealed class SmtpOutboxTransport : IOutboxTransport
{
    private readonly AccountAuthenticators _authenticators;
    private readonly AlertMailIdentity _identity;
    private readonly AlertsOptions _options;
    private readonly ILogger _logger;

    public SmtpOutboxTransport(AccountAuthenticators authenticators, AlertMailIdentity identity, AlertsOptions options, ILogger<SmtpOutboxTransport> logger)
    {
        _authenticators = authenticators;
        _identity = identity;
        _options = options;
        _logger = logger;
    }

    public async Task<IOutboxConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var account = _identity.SenderAccount is { HasSmtp: true } sender
            ? sender
            : throw new OutboxUnavailableException("No account can send mail: set Alerts:SenderAccount to an account with an SmtpServer.");
        var authenticator = _authenticators.Get(account.Name);
        var endpoint = SmtpServerAddress.Parse(account.SmtpServer!);
        var connectionOptions = new MailConnectionOptions { Tls = new TlsOptions { ExtraCaFile = _options.SmtpExtraCaFile } };
        var session = new AuthenticatedMailSession(authenticator, _logger);
        var client = await session.RunAsync(
            (credentials, ct) => new SmtpClient(connectionOptions).OpenAsync(endpoint, credentials, credentials.Kind == CredentialKind.AccessToken ? "XOAUTH2" : null, ct),
            cancellationToken);
        OutboxLog.OutboxConnected(_logger, endpoint, account.LoginName, client.AuthenticatedMechanism);
        return new Connection(client, account.Mailbox);
    }

    private sealed class Connection(SmtpClient client, string envelopeFrom) : IOutboxConnection
    {
        public bool IsUsable => client.Connection?.IsUsable == true;

        public Task<SmtpSendResult> SendAsync(IReadOnlyList<string> recipients, ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
            client.SendAsync(envelopeFrom, recipients, message, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            if (IsUsable)
            {
                using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await client.QuitAsync(quit.Token);
                }
                catch (Exception ex) when (ex is AckPoller.Mail.MailException or OperationCanceledException or IOException)
                {
                    // Closing politely is best effort; the message was already accepted or its failure recorded.
                }
            }

            await client.DisposeAsync();
        }
    }
}
