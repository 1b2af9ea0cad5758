using System.Net.Security;
using System.Security.Authentication;
using AckPoller.Core.MailErrors;
using AckPoller.Mail;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Mime;
using AckPoller.Mail.Pop3;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Smtp;
using AckPoller.Mail.Transport;

namespace AckPoller.Core.Diagnostics;

/// <summary>Connects to one mail server, reports TLS and capabilities, authenticates when credentials are given, and counts
/// INBOX messages (IMAP, POP3) or sends a test message (SMTP). Changes nothing on the server except that test message.
/// The steps (<see cref="OpenAsync"/>, <see cref="DescribeMailboxAsync"/>, <see cref="SendTestAsync"/>,
/// <see cref="CloseAsync"/>) are the one connect-authenticate-describe path of both `ackpoller probe` (a server URL and
/// explicit credentials, <see cref="RunAsync"/>) and `ackpoller test` (an account's credentials, retried once with a
/// refreshed token through the account's session).</summary>
public sealed class MailProbe
{
    private readonly IProtocolLog? _protocolLog;
    private readonly TimeProvider _time;

    public MailProbe(IProtocolLog? protocolLog = null, TimeProvider? time = null)
    {
        _protocolLog = protocolLog;
        _time = time ?? TimeProvider.System;
    }

    public async Task<ProbeReport> RunAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = new MailConnectionOptions
        {
            Tls = new TlsOptions { ExtraCaFile = request.ExtraCaFile },
            ConnectTimeout = request.Timeout,
            ReadWriteTimeout = request.Timeout,
            ProtocolLog = _protocolLog,
        };

        // What was learnt before a failure (TLS, capabilities) stays in the report.
        var report = new ProbeReport { Protocol = request.Target.Protocol.ToString().ToUpperInvariant(), Server = request.Target.Url };
        var progress = new ProbeProgress
        {
            Connected = client =>
            {
                report = report with { Tls = DescribeTls(client.Connection), Capabilities = Sorted(client.Capabilities) };
                return Task.CompletedTask;
            },
        };
        try
        {
            IMailClient client = request.Target.Protocol switch
            {
                MailProtocol.Imap => new ImapClient(options),
                MailProtocol.Pop3 => new Pop3Client(options),
                _ => new SmtpClient(options),
            };
            await using var open = await OpenAsync(client, request.Target.Endpoint, request.Credentials, request.Mechanism, progress, cancellationToken);
            if (open.IsAuthenticated)
            {
                // IMAP capabilities change after login; a PREAUTH greeting authenticated the session without credentials.
                report = report with { Authenticated = true, Mechanism = open.AuthenticatedMechanism, Capabilities = Sorted(open.Capabilities) };
                if (open is not SmtpClient)
                {
                    report = report with { Messages = (await DescribeMailboxAsync(open, progress, cancellationToken)).Messages };
                }
            }

            if (open is SmtpClient smtp && request.SendTo is { Length: > 0 } recipient)
            {
                var sender = request.Credentials?.UserName ?? recipient;
                var message = ComposeTestMessage("AckPoller probe", sender, recipient, "AckPoller probe test message",
                    $"This is a test message sent by 'ackpoller probe' through {request.Target.Url} at {_time.GetUtcNow():u}.\r\nNo action is needed.");
                await SendTestAsync(smtp, sender, recipient, message, progress, cancellationToken);
                report = report with { Sent = true };
            }

            await CloseAsync(open, cancellationToken);
            return report;
        }
        catch (MailException ex)
        {
            return report with { Error = Describe(ex) };
        }
    }

    internal static ProbeError Describe(MailException error)
    {
        var failure = MailFailure.From(error)!;
        return new(failure.Label, failure.ServerWords, failure.Message);
    }

    /// <summary>"TLS 1.3 (TLS_AES_256_GCM_SHA384)" for an encrypted connection, null otherwise; `test` shows the same.</summary>
    public static string? DescribeTls(MailConnection? connection)
    {
        if (connection is null || !connection.IsSecure)
        {
            return null;
        }

        var version = connection.TlsProtocol switch
        {
            SslProtocols.Tls13 => "TLS 1.3",
            SslProtocols.Tls12 => "TLS 1.2",
            null => "TLS",
            var other => other.ToString(),
        };
        return connection.CipherSuite is TlsCipherSuite suite ? $"{version} ({suite})" : version;
    }

    /// <summary>Connect (TLS and capabilities reported to <paramref name="progress"/> once), then authenticate unless the
    /// server's PREAUTH greeting already did or no credentials are given. The client is disposed when either step fails.</summary>
    internal static async Task<TClient> OpenAsync<TClient>(TClient client, MailEndpoint endpoint, MailCredentials? credentials, string? mechanism, ProbeProgress progress, CancellationToken cancellationToken)
        where TClient : IMailClient
    {
        try
        {
            progress.Step = ProbeStep.Connect;
            await client.ConnectAsync(endpoint, cancellationToken);
            await progress.ConnectedAsync(client);
            progress.Step = ProbeStep.Authenticate;
            if (credentials is not null && !client.IsAuthenticated)
            {
                await client.AuthenticateAsync(credentials, mechanism, cancellationToken);
            }

            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>The INBOX message count (IMAP EXAMINE, read-only; POP3 STAT) and whether IDLE is offered.</summary>
    internal static async Task<MailboxSummary> DescribeMailboxAsync(IMailClient client, ProbeProgress progress, CancellationToken cancellationToken)
    {
        progress.Step = ProbeStep.Mailbox;
        switch (client)
        {
            case ImapClient imap:
                var inbox = await imap.ExamineAsync("INBOX", cancellationToken);
                return new MailboxSummary(inbox.Exists, imap.Supports("IDLE"));
            case Pop3Client pop3:
                var stat = await pop3.StatAsync(cancellationToken);
                return new MailboxSummary(stat.Count, IdleOffered: false);
            default:
                throw new ArgumentException($"{client.GetType().Name} has no mailbox to describe.", nameof(client));
        }
    }

    internal static async Task<SmtpSendResult> SendTestAsync(SmtpClient client, string sender, string recipient, ComposedMessage message, ProbeProgress progress, CancellationToken cancellationToken)
    {
        progress.Step = ProbeStep.Send;
        return await client.SendAsync(sender, [recipient], message.Bytes, cancellationToken);
    }

    /// <summary>Ends the session politely: IMAP LOGOUT, POP3 and SMTP QUIT.</summary>
    internal static Task CloseAsync(IMailClient client, CancellationToken cancellationToken) => client switch
    {
        ImapClient imap => imap.LogoutAsync(cancellationToken),
        Pop3Client pop3 => pop3.QuitAsync(cancellationToken),
        SmtpClient smtp => smtp.QuitAsync(cancellationToken),
        _ => Task.CompletedTask,
    };

    /// <summary>The small test message of `probe --send-to` and `test --send-to`, its Message-ID in the sender's domain.</summary>
    internal ComposedMessage ComposeTestMessage(string senderName, string sender, string recipient, string subject, string body)
    {
        var domain = new MailboxAddress(sender).Domain is { Length: > 0 } senderDomain ? senderDomain : "ackpoller.local";
        var composer = new MessageComposer(domain, _time);
        return composer.Compose(new OutgoingMessage
        {
            From = new MailboxAddress(senderName, sender),
            To = [new MailboxAddress(recipient)],
            Subject = subject,
            TextBody = body,
        });
    }

    internal static string[] Sorted(IEnumerable<string> capabilities) =>
        capabilities.Order(StringComparer.Ordinal).ToArray();
}
