using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AckPoller.Core.Reporting;
using AckPoller.Core.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace AckPoller.Cli;

/// <summary>`ackpoller webhooks list [--state pending|delivered|dead] [--webhook NAME] [--limit N] [--format table|json]`,
/// `webhooks show ID` and `webhooks redeliver ID` (a delivered or dead delivery sent again with the same webhook-id).</summary>
internal static class WebhooksCommand
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 10_000;
    private static readonly string[] Columns = ["ID", "WEBHOOK", "EVENT", "ALERT", "STATE", "ATTEMPTS", "LAST"];

    public static Command Create(Action<IServiceCollection>? services) => new("webhooks", "Webhook deliveries: list them, show one, or send one again.")
    {
        List(services),
        Show(services),
        Redeliver(services),
    };

    private static Command List(Action<IServiceCollection>? services)
    {
        var state = new Option<string?>("--state") { HelpName = "pending|delivered|dead", Description = "Only deliveries in this state." };
        var webhook = new Option<string?>("--webhook") { HelpName = "NAME", Description = "Only deliveries to this webhook (Webhooks:N:Name)." };
        var limit = new Option<int>("--limit") { HelpName = "N", Description = $"At most this many, newest first (1 to {MaxLimit}).", DefaultValueFactory = _ => DefaultLimit };
        var format = new Option<string?>("--format") { HelpName = "table|json", Description = "table (default) or json (the HTTP API's shape)." };
        var config = CommandHost.ConfigOption();
        var command = new Command("list", "List webhook deliveries, newest first.") { state, webhook, limit, format, config };
        command.SetAction((parse, cancellationToken) => CommandHost.RunAsync(parse, config, services, async (host, output, _) =>
        {
            var wanted = CliArguments.Enum<WebhookDeliveryState>("--state", parse.GetValue(state));
            var max = CliArguments.Limit("--limit", parse.GetValue(limit), MaxLimit);
            var how = CliArguments.Choice("--format", parse.GetValue(format), "table", "json");
            var deliveries = await host.Services.GetRequiredService<IWebhookDeliveryStore>().ListAsync(wanted, parse.GetValue(webhook), max, cancellationToken);
            if (how == "json")
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new { deliveries = deliveries.Select(Summary) }, ReportJson.Indented));
                return ExitCodes.Ok;
            }

            if (deliveries.Count == 0)
            {
                await output.WriteLineAsync("No webhook deliveries match.");
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Simple);
            foreach (var column in Columns)
            {
                table.AddColumn(new TableColumn(column).NoWrap());
            }

            foreach (var d in deliveries)
            {
                table.AddRow(new Text(d.Id.ToString(CultureInfo.InvariantCulture)), new Text(d.Webhook), new Text(d.EventType), CliConsole.Cell(d.AlertReference),
                    new Text(Names.Of(d.State)), new Text(d.Attempts.ToString(CultureInfo.InvariantCulture)), CliConsole.Cell(d.LastError ?? (d.LastStatus?.ToString(CultureInfo.InvariantCulture))));
            }

            CliConsole.For(output).Write(table);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command Show(Action<IServiceCollection>? services)
    {
        var id = new Argument<long>("id") { Description = "The delivery's id (from `ackpoller webhooks list`)." };
        var config = CommandHost.ConfigOption();
        var command = new Command("show", "Show one delivery with its payload, as JSON.") { id, config };
        command.SetAction((parse, cancellationToken) => CommandHost.RunAsync(parse, config, services, async (host, output, error) =>
        {
            var delivery = await host.Services.GetRequiredService<IWebhookDeliveryStore>().FindAsync(parse.GetValue(id), cancellationToken);
            if (delivery is null)
            {
                await error.WriteLineAsync($"No webhook delivery {parse.GetValue(id)}.");
                return ExitCodes.Failure;
            }

            await output.WriteLineAsync(JsonSerializer.Serialize(Detail(delivery), ReportJson.Indented));
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command Redeliver(Action<IServiceCollection>? services)
    {
        var id = new Argument<long>("id") { Description = "The delivery's id (from `ackpoller webhooks list`)." };
        var config = CommandHost.ConfigOption();
        var command = new Command("redeliver", "Send a delivered or dead delivery again (same webhook-id), on the worker's next run.") { id, config };
        command.SetAction((parse, cancellationToken) => CommandHost.RunAsync(parse, config, services, async (host, output, error) =>
        {
            var store = host.Services.GetRequiredService<IWebhookDeliveryStore>();
            if (!await store.RedeliverAsync(parse.GetValue(id), host.Services.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken))
            {
                await error.WriteLineAsync($"No webhook delivery {parse.GetValue(id)}.");
                return ExitCodes.Failure;
            }

            await output.WriteLineAsync($"Delivery {parse.GetValue(id)} is pending again; `ackpoller run` sends it within seconds.");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>A delivery without its payload, as the list and the API show it.</summary>
    internal static object Summary(WebhookDelivery d) => new
    {
        id = d.Id,
        webhook = d.Webhook,
        event_id = d.EventId,
        event_type = d.EventType,
        alert_reference = d.AlertReference,
        state = Names.Of(d.State),
        attempts = d.Attempts,
        next_attempt_at = d.State == WebhookDeliveryState.Pending ? d.NextAttemptAt : (DateTimeOffset?)null,
        last_status = d.LastStatus,
        last_error = d.LastError,
        created_at = d.CreatedAt,
        delivered_at = d.DeliveredAt,
    };

    private static object Detail(WebhookDelivery d) => new { delivery = Summary(d), payload = JsonDocument.Parse(d.Payload).RootElement };
}
