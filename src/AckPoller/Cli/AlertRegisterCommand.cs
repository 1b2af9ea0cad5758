using AckPoller.Core.Configuration;
using System.CommandLine;
using System.Text.Json;
using AckPoller.Core.Alerts;
using AckPoller.Core.Reporting;
using Microsoft.Extensions.DependencyInjection;

namespace AckPoller.Cli;

/// <summary>`ackpoller alert register --message-id ID [--ref AP-…] [--subject S] …`: records an alert another system
/// already emailed, so replies to that email are matched (by Message-ID, or by the reference in their subject).
/// Registering the same Message-ID or reference again returns the alert already recorded.</summary>
internal static class AlertRegisterCommand
{
    public static Command Create(Action<IServiceCollection>? services)
    {
        var messageId = new Option<string?>("--message-id") { HelpName = "ID", Description = "The Message-ID of the alert email the other system sent (angle brackets optional)." };
        var reference = new Option<string?>("--ref") { HelpName = "AP-XXXXXX", Description = "The AP-XXXXXX reference the email carries in its subject, if it has one; otherwise one is assigned." };
        var subject = new Option<string?>("--subject") { Description = "The alert's subject, for the listings (default: the Message-ID or reference)." };
        var body = new Option<string?>("--body") { Description = "The alert's text, for the listings." };
        var severity = new Option<string?>("--severity") { Description = "Free text, e.g. critical, warning." };
        var source = new Option<string?>("--source") { Description = "The system that sent it." };
        var to = new Option<string[]>("--to") { HelpName = "ADDRESS", Description = "Who the email went to (repeat, or separate with commas).", AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Print the alert as JSON instead of its reference." };
        var config = CommandHost.ConfigOption();
        var command = new Command("register", "Register an alert another system emailed, so replies to it are recorded too. Give --message-id, --ref or both.")
        {
            messageId, reference, subject, body, severity, source, to, json, config,
        };
        command.SetAction((parse, cancellationToken) => CommandHost.RunAsync(parse, config, services, async (host, output, error) =>
        {
            var id = AlertCommandInput.Optional(parse.GetValue(messageId))?.TrimStart('<').TrimEnd('>');
            var wanted = CliArguments.Reference("--ref", parse.GetValue(reference));
            if (id is null && wanted is null)
            {
                throw new CommandUsageException("--message-id", "give the alert email's Message-ID (or its reference with --ref).");
            }

            var request = new RegisterAlertRequest
            {
                MessageId = id,
                Reference = wanted,
                Subject = AlertCommandInput.Optional(parse.GetValue(subject)) ?? (id is null ? $"Alert {wanted}" : $"Alert <{id}>"),
                Body = parse.GetValue(body) ?? string.Empty,
                Severity = AlertCommandInput.Optional(parse.GetValue(severity)),
                Source = AlertCommandInput.Optional(parse.GetValue(source)),
                Recipients = AlertCommandInput.Addresses("--to", parse.GetValue(to), host.Services.GetRequiredService<AlertsOptions>().MaxRecipients, required: false),
            };
            Alert alert;
            try
            {
                alert = await host.Services.GetRequiredService<AlertService>().RegisterAsync(request, cancellationToken);
            }
            catch (InvalidOperationException ex)
            {
                await error.WriteLineAsync(ex.Message);
                return ExitCodes.Failure;
            }

            await output.WriteLineAsync(parse.GetValue(json) ? JsonSerializer.Serialize(alert, ReportJson.Indented) : alert.Reference.ToString());
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
