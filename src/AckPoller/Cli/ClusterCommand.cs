using System.CommandLine;
using System.Text.Json;
using AckPoller.Core.Cluster;
using AckPoller.Core.Reporting;
using AckPoller.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace AckPoller.Cli;

/// <summary>`ackpoller cluster [--format table|json]`: the nodes registered in the PostgreSQL database, their host,
/// version, start and last heartbeat; a node whose heartbeat is older than <see cref="NodeHeartbeat.LostAfter"/> is
/// "lost"; and the IDLE accounts each node's lock session holds (from pg_locks). json:
/// {"nodes": [{…, "idle_accounts": [...]}], "unowned_idle_accounts": [...]}. With SQLite there is no registry: one
/// node, said so on standard error.</summary>
internal static class ClusterCommand
{
    private static readonly string[] Headers = ["NODE", "HOST", "VERSION", "STARTED (UTC)", "LAST HEARTBEAT (UTC)", "STATE", "IDLE ACCOUNTS"];

    public static Command Create(Action<IServiceCollection>? services)
    {
        var format = new Option<string?>("--format") { HelpName = "table|json", Description = "table (default) or json ({\"nodes\": [...], \"unowned_idle_accounts\": [...]})." };
        var config = CommandHost.ConfigOption();
        var command = new Command("cluster", "List the nodes sharing the PostgreSQL database: host, version, started, last heartbeat, alive or lost, and the IDLE accounts each owns.") { format, config };
        command.SetAction((parse, cancellationToken) => CommandHost.RunAsync(parse, config, services, async (host, output, error) =>
        {
            var how = CliArguments.Choice("--format", parse.GetValue(format), "table", "json");
            var reader = host.Services.GetService<ClusterOverviewReader>();
            var overview = reader is null ? new ClusterOverview([], []) : await reader.ReadAsync(cancellationToken);
            if (reader is null)
            {
                await error.WriteLineAsync("Storage:Provider is Sqlite: one node, no node registry (it needs PostgreSql); it runs every IDLE listener itself.");
            }

            if (how == "json")
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(overview, ReportJson.Indented));
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Simple);
            foreach (var header in Headers)
            {
                table.AddColumn(new TableColumn(header));
            }

            foreach (var row in overview.Nodes)
            {
                table.AddRow(CliConsole.Cell(row.Id), CliConsole.Cell(row.Host), CliConsole.Cell(row.Version), new Text(Format.Time(row.Started)),
                    new Text(Format.Time(row.LastHeartbeat)), new Text(row.State, row.State == ClusterNodeView.Alive ? new Style(Color.Green) : new Style(Color.Red)),
                    CliConsole.Cell(row.IdleAccounts.Count == 0 ? "-" : string.Join(", ", row.IdleAccounts)));
            }

            CliConsole.For(output).Write(table);
            if (overview.UnownedIdleAccounts.Count > 0)
            {
                await output.WriteLineAsync("IDLE accounts no node owns right now: " + string.Join(", ", overview.UnownedIdleAccounts));
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
