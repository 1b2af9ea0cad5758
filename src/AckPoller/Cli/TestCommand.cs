using System.CommandLine;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Mail.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AckPoller.Cli;

/// <summary>`ackpoller test &lt;account&gt; [--send-to ADDR] [--timeout T]`: the "Test Server" button. With the account's
/// configured credentials: get a token, connect to its incoming server, authenticate, list capabilities and open the
/// inbox; then the same for its SmtpServer, sending a test email with --send-to. Each step is printed with ✓ or ✗, and a
/// failure with a plain-language hint for the known Office 365 errors. Exit codes: 0 every step passed, 1 the test email
/// was refused, 2 no token or the server refused it, 3 connection/TLS failed (or bad configuration), 4 protocol error,
/// 64 usage. Like the worker, a refused login is recorded as the account's auth state (and a success clears it).</summary>
internal static class TestCommand
{
    public static Command Create(Action<IServiceCollection>? services)
    {
        var account = new Argument<string>("account") { Description = "The account's Name from the configuration." };
        var sendTo = new Option<string?>("--send-to") { HelpName = "ADDRESS", Description = "Also send a test email to this address through the account's SmtpServer." };
        var timeout = new Option<TimeSpan>("--timeout") { HelpName = "HH:MM:SS", Description = "How long each network step may take.", DefaultValueFactory = _ => TimeSpan.FromSeconds(30) };
        var config = CommandHost.ConfigOption();
        var command = new Command("test", "Test an account like the \"Test Server\" button: token, connect, authenticate, capabilities, optionally send a test email; explains known Office 365 errors.")
        {
            account, sendTo, timeout, config,
        };
        command.SetAction((parse, cancellationToken) => CommandHost.RunAsync(parse, config, services, async (host, output, error) =>
        {
            var authenticator = host.Services.GetRequiredService<AccountAuthenticators>().Get(parse.GetValue(account)!);
            var recipient = AlertCommandInput.Optional(parse.GetValue(sendTo));
            if (recipient is not null)
            {
                AlertCommandInput.Addresses("--send-to", [recipient], maxRecipients: 1);
                if (!authenticator.Options.HasSmtp)
                {
                    throw new CommandUsageException("--send-to", $"account {authenticator.Name} has no SmtpServer to send through.");
                }
            }

            var wait = parse.GetValue(timeout);
            if (wait <= TimeSpan.Zero)
            {
                throw new CommandUsageException("--timeout", "must be positive, e.g. 00:00:30.");
            }

            var options = host.Services.GetRequiredService<AckPollerOptions>();
            var incoming = host.Services.GetRequiredService<MailConnectionOptions>() with { ConnectTimeout = wait, ReadWriteTimeout = wait };
            var smtpCa = string.IsNullOrWhiteSpace(options.Alerts.SmtpExtraCaFile) ? options.Auth.ExtraCaFile : options.Alerts.SmtpExtraCaFile;
            var smtp = new MailConnectionOptions { Tls = new TlsOptions { ExtraCaFile = smtpCa }, ConnectTimeout = wait, ReadWriteTimeout = wait };
            var test = new AccountServerTest(authenticator, incoming, smtp, new StepWriter(output),
                host.Services.GetRequiredService<TimeProvider>(), host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AckPoller.Test"));
            return await test.RunAsync(recipient, cancellationToken);
        }, cancellationToken));
        return command;
    }
}
