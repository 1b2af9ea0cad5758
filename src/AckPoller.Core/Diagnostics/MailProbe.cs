using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using AckPoller.Core.MailErrors;
using AckPoller.Mail;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Mime;
using AckPoller.Mail.Pop3;
using AckPoller.Mail.Smtp;
using AckPoller.Mail.Transport;

namespace AckPoller.Core.Diagnostics;

/// <summary>Connects to one mail server, reports TLS and capabilities, authenticates when credentials are given, and counts
/// INBOX messages (IMAP, POP3) or sends a test message (SMTP). Changes nothing on the server except that test message.</summary>
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
        var report = new StrongBox<ProbeReport>(new ProbeReport { Protocol = request.Target.Protocol.ToString().ToUpperInvariant(), Server = request.Target.Url });
        try
        {
            switch (request.Target.Protocol)
            {
                case MailProtocol.Imap:
                    await ProbeImapAsync(request, options, report, cancellationToken);
                    break;
                case MailProtocol.Pop3:
                    await ProbePop3Async(request, options, report, cancellationToken);
                    break;
                default:
                    await ProbeSmtpAsync(request, options, report, cancellationToken);
                    break;
            }

            return report.Value!;
        }
        catch (MailException ex)
        {
            return report.Value! with { Error = Describe(ex) };
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

    private static string[] Sorted(IEnumerable<string> capabilities) =>
        capabilities.Order(StringComparer.Ordinal).ToArray();

    private static async Task ProbeImapAsync(ProbeRequest request, MailConnectionOptions options, StrongBox<ProbeReport> report, CancellationToken cancellationToken)
    {
        await using var client = new ImapClient(options);
        await client.ConnectAsync(request.Target.Endpoint, cancellationToken);
        report.Value = report.Value! with { Tls = DescribeTls(client.Connection), Capabilities = Sorted(client.Capabilities) };
        if (request.Credentials is not null || client.IsAuthenticated)
        {
            // A PREAUTH greeting: the server authenticated the session itself, so no credentials are sent.
            if (!client.IsAuthenticated)
            {
                await client.AuthenticateAsync(request.Credentials!, request.Mechanism, cancellationToken);
            }

            report.Value = report.Value with { Authenticated = true, Mechanism = client.AuthenticatedMechanism, Capabilities = Sorted(client.Capabilities) };
            var inbox = await client.ExamineAsync("INBOX", cancellationToken);
            report.Value = report.Value with { Messages = inbox.Exists };
        }

        await client.LogoutAsync(cancellationToken);
    }

    private static async Task ProbePop3Async(ProbeRequest request, MailConnectionOptions options, StrongBox<ProbeReport> report, CancellationToken cancellationToken)
    {
        await using var client = new Pop3Client(options);
        await client.ConnectAsync(request.Target.Endpoint, cancellationToken);
        report.Value = report.Value! with { Tls = DescribeTls(client.Connection), Capabilities = Sorted(client.Capabilities) };
        if (request.Credentials is not null)
        {
            await client.AuthenticateAsync(request.Credentials, request.Mechanism, cancellationToken);
            report.Value = report.Value with { Authenticated = true, Mechanism = client.AuthenticatedMechanism };
            var stat = await client.StatAsync(cancellationToken);
            report.Value = report.Value with { Messages = stat.Count };
        }

        await client.QuitAsync(cancellationToken);
    }

    private async Task ProbeSmtpAsync(ProbeRequest request, MailConnectionOptions options, StrongBox<ProbeReport> report, CancellationToken cancellationToken)
    {
        await using var client = new SmtpClient(options);
        await client.ConnectAsync(request.Target.Endpoint, cancellationToken);
        report.Value = report.Value! with { Tls = DescribeTls(client.Connection), Capabilities = Sorted(client.Capabilities) };
        if (request.Credentials is not null)
        {
            await client.AuthenticateAsync(request.Credentials, request.Mechanism, cancellationToken);
            report.Value = report.Value with { Authenticated = true, Mechanism = client.AuthenticatedMechanism };
        }

        if (request.SendTo is { Length: > 0 } recipient)
        {
            var sender = request.Credentials?.UserName ?? recipient;
            var composed = ComposeTestMessage(sender, recipient, request.Target.Url);
            await client.SendAsync(sender, [recipient], composed.Bytes, cancellationToken);
            report.Value = report.Value with { Sent = true };
        }

        await client.QuitAsync(cancellationToken);
    }

    private ComposedMessage ComposeTestMessage(string sender, string recipient, string server)
    {
        var domain = sender.Contains('@', StringComparison.Ordinal) ? sender[(sender.LastIndexOf('@') + 1)..] : "ackpoller.local";
        var composer = new MessageComposer(domain, _time);
        return composer.Compose(new OutgoingMessage
        {
            From = new MailboxAddress("AckPoller probe", sender),
            To = [new MailboxAddress(recipient)],
            Subject = "AckPoller probe test message",
            TextBody = $"This is a test message sent by 'ackpoller probe' through {server} at {_time.GetUtcNow():u}.\r\nNo action is needed.",
        });
    }
}
