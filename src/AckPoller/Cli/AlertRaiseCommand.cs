using AckPoller.Core.Configuration;
using AckPoller.Core.Storage;
using System.CommandLine;
using System.Text.Json;
using AckPoller.Core.Alerts;
using AckPoller.Core.Outbox;
using AckPoller.Core.Reporting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AckPoller.Cli;

/// <summary>`ackpoller alert raise --to ADDR… --subject S [--body T | --body-file F] [--severity S] [--source S] [--json]
/// [--send-now]`: creates an alert and queues its email in the outbox (one transaction). The reference is the first line
/// of the output. The running worker (`ackpoller run`) sends the email; --send-now sends it from this process at once.</summary>
internal static class AlertRaiseCommand
{
    public static Command Create(Action<IServiceCollection>? services)
    {
        var to = new Option<string[]>("--to") { HelpName = "ADDRESS", Description = "Who gets the alert and may acknowledge it by replying (repeat, or separate with commas).", Required = true, AllowMultipleArgumentsPerToken = true };
        var subject = new Option<string>("--subject") { HelpName = "TEXT", Description = "The alert's subject line (the reference is added to it).", Required = true };
        var body = new Option<string?>("--body") { HelpName = "TEXT", Description = "The alert's text." };
        var bodyFile = new Option<FileInfo?>("--body-file") { HelpName = "FILE", Description = "Read the alert's text from this file ('-' is not supported; use --body)." };
        var severity = new Option<string?>("--severity") { HelpName = "TEXT", Description = "Free text shown in the email and the listings, e.g. critical, warning." };
        var source = new Option<string?>("--source") { HelpName = "TEXT", Description = "The system that raised it, e.g. nagios, pa-file-sight." };
        var json = new Option<bool>("--json") { Description = "Print the new alert as JSON (the HTTP API's shape) instead of its reference." };
        var sendNow = new Option<bool>("--send-now") { Description = "Send the outbox now from this process (for use without a running worker); exit 1 if the email could not be sent." };
        var config = CommandHost.ConfigOption();
        var command = new Command("raise", "Raise an alert: email it to the recipients, who acknowledge it by replying \"ack\".")
        {
            to, subject, body, bodyFile, severity, source, json, sendNow, config,
        };
        command.SetAction((parse, cancellationToken) => CommandHost.RunAsync(parse, config, services, async (host, output, error) =>
        {
            if (parse.GetValue(body) is not null && parse.GetValue(bodyFile) is not null)
            {
                throw new CommandUsageException("--body-file", "give either --body or --body-file, not both.");
            }

            var text = parse.GetValue(body) ?? string.Empty;
            if (parse.GetValue(bodyFile) is { } file)
            {
                try
                {
                    text = await File.ReadAllTextAsync(file.FullName, cancellationToken);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new CommandUsageException("--body-file", $"cannot read {file.FullName}: {ex.Message}");
                }
            }

            var recipients = AlertCommandInput.Addresses("--to", parse.GetValue(to), host.Services.GetRequiredService<AlertsOptions>().MaxRecipients);
            if (string.IsNullOrWhiteSpace(parse.GetValue(subject)))
            {
                throw new CommandUsageException("--subject", "must not be empty.");
            }

            var alert = await host.Services.GetRequiredService<AlertService>().RaiseAsync(new RaiseAlertRequest
            {
                Subject = parse.GetValue(subject)!,
                Body = text,
                Severity = AlertCommandInput.Optional(parse.GetValue(severity)),
                Source = AlertCommandInput.Optional(parse.GetValue(source)),
                Recipients = recipients,
            }, cancellationToken);

            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(alert, ReportJson.Indented));
            }
            else
            {
                await output.WriteLineAsync(alert.Reference.ToString());
            }

            // Progress notes go to stderr with --json so stdout stays one JSON document.
            var notes = parse.GetValue(json) ? error : output;
            if (!parse.GetValue(sendNow))
            {
                await notes.WriteLineAsync($"Alert email to {string.Join(", ", recipients)} queued; `ackpoller run` sends it (or use --send-now).");
                return ExitCodes.Ok;
            }

            return await SendNowAsync(host, alert, notes, cancellationToken);
        }, cancellationToken));
        return command;
    }

    private static async Task<int> SendNowAsync(IHost host, Alert alert, TextWriter notes, CancellationToken cancellationToken)
    {
        var result = await host.Services.GetRequiredService<OutboxSender>().SendDueAsync(cancellationToken);
        var outbox = await host.Services.GetRequiredService<IOutboxStore>().ListAsync(null, 1000, cancellationToken);
        var message = outbox.FirstOrDefault(m => m.AlertId == alert.Id);
        if (message is { State: OutboxState.Sent })
        {
            await notes.WriteLineAsync($"Alert email sent to {string.Join(", ", message.Recipients)} (outbox run: {result.Sent} sent, {result.Retried} to retry, {result.Dead} failed).");
            return ExitCodes.Ok;
        }

        var why = result.StoppedBecause ?? message?.LastError ?? "it was not due or another sender has it";
        await notes.WriteLineAsync(message is { State: OutboxState.Dead }
            ? $"Alert email could not be sent and was given up: {why}"
            : $"Alert email not sent yet ({why}); it stays queued and `ackpoller run` retries it.");
        return ExitCodes.Failure;
    }
}
