using System.CommandLine;
using System.Text.Json;
using AckPoller.Core.Reporting;
using AckPoller.Core.Storage;
using AckPoller.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace AckPoller.Cli;

/// <summary>`ackpoller cluster [--format table|json]`: the nodes registered in the PostgreSQL database, their host,
/// version, start and last heartbeat; a node whose heartbeat is older than <see cref="NodeHeartbeat.LostAfter"/> is
/// "lost". json: {"nodes": [...]}. With SQLite there is no registry: one node, said so on standard error.</summary>
internal static class ClusterCommand
{
    private static readonly string[] Headers = ["NODE", "HOST", "VERSION", "STARTED (UTC)", "LAST HEARTBEAT (UTC)", "STATE"];

    public static Command Create(Action<IServiceCollection>? services)
    {
        var format = new Option<string?>("--format") { HelpName = "table|json", Description = "table (default) or json ({\"nodes\": [...]})." };
        var config = CommandHost.ConfigOption();
        var command = new Command("cluster", "List the nodes sharing the PostgreSQL database: host, version, started, last heartbeat, alive or lost.") { format, config };
        command.SetAction((parse, cancellationToken) => CommandHost.RunAsync(parse, config, services, async (host, output, error) =>
        {
            var how = CliArguments.Choice("--format", parse.GetValue(format), "table", "json");
            var registry = host.Services.GetService<INodeRegistry>();
            var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            var nodes = registry is null ? [] : await registry.ListAsync(cancellationToken);
            var rows = nodes.Select(n => new NodeRow(n.Id, n.Host, n.Version, n.StartedAt, n.HeartbeatAt, now - n.HeartbeatAt > NodeHeartbeat.LostAfter ? "lost" : "alive")).ToList();
            if (registry is null)
            {
                await error.WriteLineAsync("Storage:Provider is Sqlite: one node, no node registry (it needs PostgreSql).");
            }

            if (how == "json")
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new { nodes = rows }, ReportJson.Indented));
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Simple);
            foreach (var header in Headers)
            {
                table.AddColumn(new TableColumn(header));
            }

            foreach (var row in rows)
            {
                table.AddRow(CliConsole.Cell(row.Id), CliConsole.Cell(row.Host), CliConsole.Cell(row.Version), new Text(Format.Time(row.Started)),
                    new Text(Format.Time(row.LastHeartbeat)), new Text(row.State, row.State == "lost" ? new Style(Color.Red) : new Style(Color.Green)));
            }

            CliConsole.For(output).Write(table);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private sealed record NodeRow(string Id, string Host, string Version, DateTimeOffset Started, DateTimeOffset LastHeartbeat, string State);
}
