using AckPoller.Mail.Sasl;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail;

/// <summary>What the IMAP, POP3 and SMTP clients have in common: connect (implicit TLS or STARTTLS as the endpoint says),
/// authenticate with SASL, and report what the server offers and which mechanism logged in.</summary>
public interface IMailClient : IAsyncDisposable
{
    MailConnection? Connection { get; }

    IReadOnlySet<string> Capabilities { get; }

    string? AuthenticatedMechanism { get; }

    /// <summary>True once authenticated, including a session the server authenticated itself (IMAP PREAUTH greeting).</summary>
    bool IsAuthenticated { get; }

    Task ConnectAsync(MailEndpoint endpoint, CancellationToken cancellationToken);

    /// <summary><paramref name="mechanism"/> null: the best the server offers for the credentials.</summary>
    Task AuthenticateAsync(MailCredentials credentials, string? mechanism = null, CancellationToken cancellationToken = default);
}
