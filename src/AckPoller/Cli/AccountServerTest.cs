using System.Globalization;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Diagnostics;
using AckPoller.Core.Reporting;
using AckPoller.Mail;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Pop3;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Smtp;
using AckPoller.Mail.Transport;
using Microsoft.Extensions.Logging;
using DiagnosticsProtocol = AckPoller.Core.Diagnostics.MailProtocol;

namespace AckPoller.Cli;

/// <summary>The steps of `ackpoller test` for one account, each printed as it ends; the first failure ends the test. A thin
/// layer over the probe's connect-authenticate-describe steps (<see cref="MailProbe"/>): this class adds the account's
/// credentials, the printed steps and hints, and the exit codes. Logins go through <see cref="AuthenticatedMailSession"/>, exactly as the worker's do (refresh once on refusal, the
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

        exit = await IncomingAsync(incoming!, cancellationToken);
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

    private async Task<int> IncomingAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var imap = Options.Protocol != Core.Configuration.MailProtocol.Pop3;
        return await CheckAsync(target, imap ? DiagnosticsProtocol.Imap : DiagnosticsProtocol.Pop3, string.Empty, imap ? () => new ImapClient(_incoming) : () => new Pop3Client(_incoming), _ => null, async (client, progress, ct) =>
        {
            var mailbox = await MailProbe.DescribeMailboxAsync(client, progress, ct);
            await _steps.PassAsync(imap ? "INBOX" : "Mailbox", string.Create(CultureInfo.InvariantCulture, $"{mailbox.Messages} messages") +
                (imap && Options.Polling.Idle ? mailbox.IdleOffered ? "; IDLE offered (replies picked up within seconds)" : "; IDLE not offered (polling only)" : string.Empty));
            return ExitCodes.Ok;
        }, cancellationToken);
    }

    private async Task<int> SmtpAsync(ProbeTarget target, string? sendTo, CancellationToken cancellationToken)
    {
        return await CheckAsync(target, DiagnosticsProtocol.Smtp, "SMTP ", () => new SmtpClient(_smtp), credentials => credentials.Kind == CredentialKind.AccessToken ? "XOAUTH2" : null, async (client, progress, ct) =>
        {
            if (sendTo is null)
            {
                return ExitCodes.Ok;
            }

            var message = new MailProbe(time: _time).ComposeTestMessage("AckPoller test", Options.Mailbox, sendTo, $"AckPoller test message (account {Options.Name})",
                $"This is a test message sent by 'ackpoller test {Options.Name}' through {Options.SmtpServer} at {_time.GetUtcNow():u}.\r\nNo action is needed.");
            var result = await MailProbe.SendTestAsync((SmtpClient)client, Options.Mailbox, sendTo, message, progress, ct);
            if (result.RejectedRecipients.Count > 0)
            {
                await _steps.FailAsync("SMTP Send", $"the server refused {sendTo}", result.RejectedRecipients[0].ServerResponse);
                return ExitCodes.Failure;
            }

            await _steps.PassAsync("SMTP Send", $"test email to {sendTo} accepted" + (result.QueueId is { } id ? $" (queued as {id})" : string.Empty));
            return ExitCodes.Ok;
        }, cancellationToken);
    }

    /// <summary>Opens and authenticates through the account's session (the probe's <see cref="MailProbe.OpenAsync"/>, run
    /// again once with a refreshed token when the server refuses the first), prints the login and the capabilities, then
    /// runs <paramref name="describe"/>. Any failure is printed against the step it happened in, with its hint, and turned
    /// into the exit code `probe` gives the same failure (a refused test email: 1).</summary>
    private async Task<int> CheckAsync(
        ProbeTarget target,
        DiagnosticsProtocol protocol,
        string prefix,
        Func<IMailClient> newClient,
        Func<MailCredentials, string?> mechanism,
        Func<IMailClient, ProbeProgress, CancellationToken, Task<int>> describe,
        CancellationToken cancellationToken)
    {
        var progress = new ProbeProgress
        {
            Connected = client => _steps.PassAsync(prefix + "Connect", $"{target.Url}, {MailProbe.DescribeTls(client.Connection) ?? "not encrypted"}"),
        };
        try
        {
            await using var client = await new AuthenticatedMailSession(_account, _logger).RunAsync(
                (credentials, ct) => MailProbe.OpenAsync(newClient(), target.Endpoint, credentials, mechanism(credentials), progress, ct), cancellationToken);
            await _steps.PassAsync(prefix + "Authenticate", $"{client.AuthenticatedMechanism} as {Options.LoginName}");
            progress.Step = ProbeStep.Capabilities;
            await _steps.PassAsync(prefix + "Capabilities", Sorted(client.Capabilities));
            var exit = await describe(client, progress, cancellationToken);
            if (exit == ExitCodes.Ok)
            {
                await MailProbe.CloseAsync(client, cancellationToken);
            }

            return exit;
        }
        catch (AccountAuthException ex) when (ex.InnerException is MailAuthenticationException refused)
        {
            await _steps.FailAsync(prefix + "Authenticate", $"the server refused the {refused.Mechanism ?? "login"} login as {Options.LoginName}",
                refused.ServerResponse, Office365Hints.For(ex, Options, protocol) ?? new Office365Hint("refused", "The server refused the login.", ex.Reason));
            return ExitCodes.AuthenticationFailed;
        }
        catch (AccountAuthException ex)
        {
            await _steps.FailAsync(prefix + "Token", ex.Reason, hint: Office365Hints.For(ex, Options, protocol));
            return ex.IsTransient ? ExitCodes.ConnectionFailed : ExitCodes.AuthenticationFailed;
        }
        catch (MailException ex)
        {
            await _steps.FailAsync(prefix + StepName(progress.Step, protocol), ex.Message, ex.ServerResponse, Office365Hints.For(ex, Options, protocol));
            var exit = ProbeCommand.ExitCodeFor(MailProbe.Describe(ex));
            return exit == ExitCodes.ProtocolError && progress.Step == ProbeStep.Send ? ExitCodes.Failure : exit;
        }
    }

    private static string StepName(ProbeStep step, DiagnosticsProtocol protocol) => step switch
    {
        ProbeStep.Mailbox => protocol == DiagnosticsProtocol.Imap ? "INBOX" : "Mailbox",
        _ => step.ToString(),
    };

    private static string Sorted(IEnumerable<string> capabilities) =>
        string.Join(' ', capabilities.Order(StringComparer.OrdinalIgnoreCase));
}
