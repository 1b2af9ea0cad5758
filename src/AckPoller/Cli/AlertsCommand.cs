using AckPoller.Core.Storage;
using System.CommandLine;
using System.Text.Json;
using AckPoller.Core.Alerts;
using AckPoller.Core.Reporting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace AckPoller.Cli;

/// <summary>`ackpoller alerts [--state S] [--since 24h|DATE] [--limit N] [--format table|json]`: alerts, newest first.</summary>
internal static class AlertsCommand
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 10_000;

    public static Command Create(Action<IServiceCollection>? services)
    {
        var state = new Option<string?>("--state") { HelpName = "open|acknowledged|resolved|snoozed", Description = "Only alerts in this state: open, acknowledged, resolved or snoozed." };
        var since = new Option<string?>("--since") { HelpName = "AGE|DATE", Description = "Only alerts created since: an age (30m, 24h, 7d) or a date (2026-11-24, 2026-11-24T10:00Z)." };
        var limit = new Option<int>("--limit") { HelpName = "N", Description = $"At most this many alerts (1 to {MaxLimit}).", DefaultValueFactory = _ => DefaultLimit };
        var format = new Option<string?>("--format") { HelpName = "table|json", Description = "table (default) or json (an array in the HTTP API's shape)." };
        var config = CommandHost.ConfigOption();
        var command = new Command("alerts", "List alerts, newest first, with their state and who acknowledged them.") { state, since, limit, format, config };
        command.SetAction((parse, cancellationToken) => CommandHost.RunAsync(parse, config, services, async (host, output, error) =>
        {
            var time = host.Services.GetRequiredService<TimeProvider>();
            var wantedState = CliArguments.Enum<AlertState>("--state", parse.GetValue(state));
            var from = CliArguments.Time("--since", parse.GetValue(since), time.GetUtcNow());
            var max = CliArguments.Limit("--limit", parse.GetValue(limit), MaxLimit);
            var how = CliArguments.Choice("--format", parse.GetValue(format), "table", "json");
            var alerts = await host.Services.GetRequiredService<IAlertStore>().ListAsync(wantedState, from, max, cancellationToken);
            if (how == "json")
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(alerts, ReportJson.Indented));
                return ExitCodes.Ok;
            }

            if (alerts.Count == 0)
            {
                await output.WriteLineAsync("No alerts match.");
                return ExitCodes.Ok;
            }

            CliConsole.For(output).Write(Build(alerts));
            if (alerts.Count == max)
            {
                await error.WriteLineAsync($"Showing the newest {max}; use --limit or --since to see others.");
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Table Build(IEnumerable<Alert> alerts)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("ALERT").NoWrap());
        table.AddColumn(new TableColumn("STATE").NoWrap());
        table.AddColumn(new TableColumn("SEVERITY").NoWrap());
        table.AddColumn(new TableColumn("SUBJECT"));
        table.AddColumn(new TableColumn("CREATED (UTC)").NoWrap());
        table.AddColumn(new TableColumn("ACKNOWLEDGED BY"));
        table.AddColumn(new TableColumn("SOURCE"));
        foreach (var alert in alerts)
        {
            var stateText = Names.Of(alert.State) + (alert.State == AlertState.Snoozed && alert.SnoozedUntil is { } until ? " until " + Format.Time(until) : string.Empty);
            table.AddRow(
                new Text(alert.Reference.ToString()),
                new Text(stateText, alert.State == AlertState.Open ? new Style(Color.Red) : Style.Plain),
                CliConsole.Cell(alert.Severity),
                CliConsole.Cell(alert.Subject),
                new Text(Format.Time(alert.CreatedAt)),
                CliConsole.Cell(alert.AcknowledgedBy is null ? null : Format.Person(alert.AcknowledgedBy, alert.AcknowledgedByName)),
                CliConsole.Cell(alert.Source));
        }

        return table;
    }
}
