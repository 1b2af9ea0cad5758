using System.Globalization;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Diagnostics;
using AckPoller.Core.MailErrors;
using AckPoller.Core.Reporting;
using AckPoller.Mail;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Mime;
using AckPoller.Mail.Pop3;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Smtp;
using AckPoller.Mail.Transport;
using Microsoft.Extensions.Logging;
using DiagnosticsProtocol = AckPoller.Core.Diagnostics.MailProtocol;

namespace AckPoller.Cli;

/// <summary>The steps of `ackpoller test` for one account, each printed as it ends; the first failure ends the test.
/// Logins go through <see cref="AuthenticatedMailSession"/>, exactly as the worker's do (refresh once on refusal, the
/// account's auth state updated).</summary>
internal sealed class AccountServerTest
{
    private readonly AccountAuthenticator _account;
    private readonly MailConnectionOptions _incoming;
    private readonly MailConnectionOptions _smtp;
    private readonly StepWriter _steps;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AccountServerTest(AccountAuthenticator account, MailConnectionOptions incoming, MailConnectionOptions smtp, StepWriter steps, TimeProvider time, ILogger logger)
    {
        _account = account;
        _incoming = incoming;
        _smtp = smtp;
        _steps = steps;
        _time = time;
        _logger = logger;
    }

    private MailAccountOptions Options => _account.Options;

    public async Task<int> RunAsync(string? sendTo, CancellationToken cancellationToken)
    {
        await _steps.NoteAsync($"Testing account {Options.Name}: {Options.Mailbox}, {Names.Of(Options.Protocol)}, {Names.Of(Options.AuthKind)}");
        if (!ProbeTarget.TryParse(Options.IncomingServer, out var incoming, out var urlError))
        {
            await _steps.FailAsync("Incoming server", urlError!);
            return ExitCodes.BadConfiguration;
        }

        var exit = await CredentialsAsync(cancellationToken);
        if (exit != ExitCodes.Ok)
        {
            return exit;
        }

        exit = Options.Protocol == Core.Configuration.MailProtocol.Pop3
            ? await Pop3Async(incoming!, cancellationToken)
            : await ImapAsync(incoming!, cancellationToken);
        if (exit != ExitCodes.Ok)
        {
            return exit;
        }

        if (!Options.HasSmtp)
        {
            await _steps.NoteAsync("No SmtpServer configured for this account: sending not tested.");
            return ExitCodes.Ok;
        }

        if (!ProbeTarget.TryParse(Options.SmtpServer!, out var smtp, out urlError) || smtp!.Protocol != DiagnosticsProtocol.Smtp)
        {
            await _steps.FailAsync("SMTP server", urlError ?? $"'{Options.SmtpServer}' is not an smtp:// or smtps:// URL.");
            return ExitCodes.BadConfiguration;
        }

        return await SmtpAsync(smtp, sendTo, cancellationToken);
    }

    private async Task<int> CredentialsAsync(CancellationToken cancellationToken)
    {
        var step = Options.AuthKind == AccountAuthKind.Password ? "Password" : "Token";
        try
        {
            var credentials = await _account.GetCredentialsAsync(forceRefresh: false, cancellationToken);
            await _steps.PassAsync(step, Options.AuthKind == AccountAuthKind.AccessToken
                ? $"access token for {credentials.UserName} read from {Options.AccessTokenSource}"
                : credentials.Kind == CredentialKind.AccessToken
                ? $"access token for {credentials.UserName} from {Options.ResolvedAuthority}"
                : $"password for {credentials.UserName} read from {Options.PasswordEnv ?? Options.PasswordFile ?? "the environment"}");
            return ExitCodes.Ok;
        }
        catch (AccountAuthException ex)
        {
            await _steps.FailAsync(step, ex.Reason, hint: Office365Hints.For(ex, Options, DiagnosticsProtocol.Imap));
            if (ex.State is AuthState.ReauthRequired or AuthState.Unconfigured && Options.IsDelegated)
            {
                await _steps.NoteAsync($"  To sign in: ackpoller auth login {Options.Name}");
            }

            return ex.IsTransient ? ExitCodes.ConnectionFailed : ExitCodes.AuthenticationFailed;
        }
    }

    private async Task<int> ImapAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var progress = new Progress(target.Url);
        return await LoginAsync(progress, DiagnosticsProtocol.Imap, (credentials, ct) => OpenAsync(new ImapClient(_incoming), target, progress, credentials, null, ct), async (client, ct) =>
        {
            await using (client)
            {
                await _steps.PassAsync("Authenticate", $"{client.AuthenticatedMechanism} as {Options.LoginName}");
                progress.Step = "Capabilities";
                await _steps.PassAsync("Capabilities", Sorted(client.Capabilities));
                progress.Step = "INBOX";
                var inbox = await client.ExamineAsync("INBOX", ct);
                await _steps.PassAsync("INBOX", string.Create(CultureInfo.InvariantCulture, $"{inbox.Exists} messages") +
                    (Options.Polling.Idle ? client.Supports("IDLE") ? "; IDLE offered (replies picked up within seconds)" : "; IDLE not offered (polling only)" : string.Empty));
                await client.LogoutAsync(ct);
            }
        }, cancellationToken);
    }

    private async Task<int> Pop3Async(ProbeTarget target, CancellationToken cancellationToken)
    {
        var progress = new Progress(target.Url);
        return await LoginAsync(progress, DiagnosticsProtocol.Pop3, (credentials, ct) => OpenAsync(new Pop3Client(_incoming), target, progress, credentials, null, ct), async (client, ct) =>
        {
            await using (client)
            {
                await _steps.PassAsync("Authenticate", $"{client.AuthenticatedMechanism} as {Options.LoginName}");
                progress.Step = "Capabilities";
                await _steps.PassAsync("Capabilities", Sorted(client.Capabilities));
                progress.Step = "Mailbox";
                var stat = await client.StatAsync(ct);
                await _steps.PassAsync("Mailbox", string.Create(CultureInfo.InvariantCulture, $"{stat.Count} messages"));
                await client.QuitAsync(ct);
            }
        }, cancellationToken);
    }

    private async Task<int> SmtpAsync(ProbeTarget target, string? sendTo, CancellationToken cancellationToken)
    {
        var progress = new Progress(target.Url) { Prefix = "SMTP " };
        return await LoginAsync(progress, DiagnosticsProtocol.Smtp, (credentials, ct) =>
            OpenAsync(new SmtpClient(_smtp), target, progress, credentials, credentials.Kind == CredentialKind.AccessToken ? "XOAUTH2" : null, ct), async (client, ct) =>
        {
            await using (client)
            {
                await _steps.PassAsync("SMTP Authenticate", $"{client.AuthenticatedMechanism} as {Options.LoginName}");
                await _steps.PassAsync("SMTP Capabilities", Sorted(client.Capabilities));
                if (sendTo is not null)
                {
                    progress.Step = "Send";
                    var result = await client.SendAsync(Options.Mailbox, [sendTo], TestMessage(sendTo).Bytes, ct);
                    if (result.RejectedRecipients.Count > 0)
                    {
                        await _steps.FailAsync("SMTP Send", $"the server refused {sendTo}", result.RejectedRecipients[0].ServerResponse);
                        progress.Exit = ExitCodes.Failure;
                        return;
                    }

                    await _steps.PassAsync("SMTP Send", $"test email to {sendTo} accepted" + (result.QueueId is { } id ? $" (queued as {id})" : string.Empty));
                }

                await client.QuitAsync(ct);
            }
        }, cancellationToken);
    }

    /// <summary>Connects and authenticates one client, noting the step in progress for the failure report; the client is
    /// disposed when either fails.</summary>
    private async Task<TClient> OpenAsync<TClient>(TClient client, ProbeTarget target, Progress progress, MailCredentials credentials, string? mechanism, CancellationToken cancellationToken)
        where TClient : IMailClient
    {
        try
        {
            progress.Step = "Connect";
            await client.ConnectAsync(target.Endpoint, cancellationToken);
            await progress.ConnectedAsync(_steps, client.Connection);
            progress.Step = "Authenticate";
            if (!client.IsAuthenticated)
            {
                // An IMAP PREAUTH greeting authenticated the session already.
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

    /// <summary>Logs in through the account's session, then runs <paramref name="afterLogin"/>; any failure is printed
    /// against the step it happened in, with its hint, and turned into the exit code.</summary>
    private async Task<int> LoginAsync<TClient>(
        Progress progress,
        DiagnosticsProtocol protocol,
        Func<MailCredentials, CancellationToken, Task<TClient>> connectAndAuthenticate,
        Func<TClient, CancellationToken, Task> afterLogin,
        CancellationToken cancellationToken)
    {
        try
        {
            var client = await new AuthenticatedMailSession(_account, _logger).RunAsync(connectAndAuthenticate, cancellationToken);
            await afterLogin(client, cancellationToken);
            return progress.Exit;
        }
        catch (AccountAuthException ex) when (ex.InnerException is MailAuthenticationException refused)
        {
            await _steps.FailAsync(progress.Prefix + "Authenticate", $"the server refused the {refused.Mechanism ?? "login"} login as {Options.LoginName}",
                refused.ServerResponse, Office365Hints.For(ex, Options, protocol) ?? new Office365Hint("refused", "The server refused the login.", ex.Reason));
            return ExitCodes.AuthenticationFailed;
        }
        catch (AccountAuthException ex)
        {
            await _steps.FailAsync(progress.Prefix + "Token", ex.Reason, hint: Office365Hints.For(ex, Options, protocol));
            return ex.IsTransient ? ExitCodes.ConnectionFailed : ExitCodes.AuthenticationFailed;
        }
        catch (MailException ex)
        {
            await _steps.FailAsync(progress.Prefix + progress.Step, ex.Message, ex.ServerResponse, Office365Hints.For(ex, Options, protocol));
            return MailFailure.From(ex)!.Kind switch
            {
                MailFailureKind.Authentication => ExitCodes.AuthenticationFailed,
                MailFailureKind.Connection or MailFailureKind.Tls => ExitCodes.ConnectionFailed,
                _ when progress.Step == "Send" => ExitCodes.Failure,
                _ => ExitCodes.ProtocolError,
            };
        }
    }

    private ComposedMessage TestMessage(string recipient)
    {
        var composer = new MessageComposer(new MailboxAddress(Options.Mailbox).Domain is { Length: > 0 } domain ? domain : "ackpoller.local", _time);
        return composer.Compose(new OutgoingMessage
        {
            From = new MailboxAddress("AckPoller test", Options.Mailbox),
            To = [new MailboxAddress(recipient)],
            Subject = $"AckPoller test message (account {Options.Name})",
            TextBody = $"This is a test message sent by 'ackpoller test {Options.Name}' through {Options.SmtpServer} at {_time.GetUtcNow():u}.\r\nNo action is needed.",
        });
    }

    private static string Sorted(IEnumerable<string> capabilities) =>
        string.Join(' ', capabilities.Order(StringComparer.OrdinalIgnoreCase));

    /// <summary>Which step a login is in (the session runs the connect-and-authenticate delegate up to twice).</summary>
    private sealed class Progress(string url)
    {
        private bool _connectedShown;

        public string Prefix { get; init; } = string.Empty;

        public string Step { get; set; } = "Connect";

        public int Exit { get; set; } = ExitCodes.Ok;

        public async Task ConnectedAsync(StepWriter steps, MailConnection? connection)
        {
            if (_connectedShown)
            {
                return;
            }

            _connectedShown = true;
            await steps.PassAsync(Prefix + "Connect", $"{url}, {Tls(connection)}");
        }

        // One description of the connection's TLS, shared with the probe.
        private static string Tls(MailConnection? connection) => MailProbe.DescribeTls(connection) ?? "not encrypted";
    }
}
