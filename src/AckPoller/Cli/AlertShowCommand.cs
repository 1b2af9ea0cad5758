using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Integrations.Alertmanager;
using AckPoller.Core.Reporting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace AckPoller.Cli;

/// <summary>`ackpoller alert show AP-XXXXXX [--json]`: one alert and its full acknowledgement log (oldest first).
/// Exit 1 when no alert has that reference.</summary>
internal static class AlertShowCommand
{
    public static Command Create(Action<IServiceCollection>? services)
    {
        var reference = new Argument<string>("reference") { Description = "The alert's reference, e.g. AP-7K3M9Q (case and the AP- prefix optional)." };
        var json = new Option<bool>("--json") { Description = "Print {\"alert\": …, \"acks\": […]} as JSON (the HTTP API's shapes)." };
        var config = CommandHost.ConfigOption();
        var command = new Command("show", "Show one alert with everything its replies did (its full acknowledgement log).") { reference, json, config };
        command.SetAction((parse, cancellationToken) => CommandHost.RunAsync(parse, config, services, async (host, output, error) =>
        {
            var wanted = CliArguments.Reference("reference", parse.GetValue(reference))!.Value;
            var details = await AlertDetails.LoadAsync(host.Services.GetRequiredService<IAlertStore>(), host.Services.GetRequiredService<IAckLogStore>(), wanted, cancellationToken);
            if (details is null)
            {
                await error.WriteLineAsync($"No alert {wanted} is recorded in this database.");
                return ExitCodes.Failure;
            }

            details = await details.WithSilenceAsync(host.Services.GetRequiredService<IExternalSilenceStore>(),
                host.Services.GetRequiredService<AckPollerOptions>().Integrations.Alertmanager.Url, cancellationToken);

            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(details, ReportJson.Indented));
                return ExitCodes.Ok;
            }

            Write(CliConsole.For(output), details.Alert, details.Log, details.Silence);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>Every page of the alert's log, oldest first.</summary>
    private static void Write(IAnsiConsole console, Alert alert, IReadOnlyList<AckLogEntry> log, AlertSilence? silence)
    {
        var facts = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Fact(string name, string? value) => facts.AddRow(new Text(name), CliConsole.Cell(value));
        Fact("Alert", alert.Reference.ToString());
        Fact("Subject", alert.Subject);
        Fact("State", Names.Of(alert.State) + (alert.State == AlertState.Snoozed && alert.SnoozedUntil is { } until ? $" until {Format.Time(until)}" : string.Empty));
        Fact("Severity", alert.Severity);
        Fact("Source", alert.Source);
        Fact("Recipients", alert.Recipients.Count == 0 ? null : string.Join(", ", alert.Recipients));
        Fact("Created", Format.Time(alert.CreatedAt));
        Fact("Updated", Format.Time(alert.UpdatedAt));
        if (alert.AcknowledgedBy is not null)
        {
            Fact("Acknowledged", $"{Format.Person(alert.AcknowledgedBy, alert.AcknowledgedByName)} at {Format.Time(alert.AcknowledgedAt)}");
        }

        Fact("Message-ID", alert.MessageId);
        if (silence is not null)
        {
            Fact("Silence", silence.Error is not null ? "not made: " + silence.Error
                : silence.Id is null ? "expired"
                : $"{silence.Id} until {Format.Time(silence.Until)}" + (silence.Link is null ? string.Empty : $" ({silence.Link})"));
        }
        console.Write(facts);
        if (!string.IsNullOrWhiteSpace(alert.Body))
        {
            console.WriteLine();
            console.Write(CliConsole.Cell(alert.Body.Length > 2000 ? alert.Body[..2000] + "…" : alert.Body.Replace("\r\n", " ", StringComparison.Ordinal)));
            console.WriteLine();
        }

        console.WriteLine();
        if (log.Count == 0)
        {
            console.WriteLine("No replies recorded yet.");
            return;
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Acknowledgement log ({log.Count}, oldest first):"));
        console.Write(AckLogTable.Build(log, showAlert: false));
    }
}
