using System.CommandLine;
using System.Text.Json;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Reporting;
using Microsoft.Extensions.DependencyInjection;

namespace AckPoller.Cli;

/// <summary>`ackpoller acks [filters] [--format table|json|csv] [--limit N] [--after CURSOR]`: the acknowledgement log,
/// newest first. json is a plain array (ReportJson, the HTTP API's shape) and csv is AckLogCsv, so both stay easy to
/// script; when more rows exist, the cursor for the next page is printed on stderr in every format.</summary>
internal static class AcksCommand
{
    public static Command Create(Action<IServiceCollection>? services)
    {
        var since = new Option<string?>("--since") { HelpName = "AGE|DATE", Description = "Processed at or after: an age (30m, 24h, 7d, 2w) or a date (2026-11-24, 2026-11-24T10:00Z). UTC unless an offset is given." };
        var until = new Option<string?>("--until") { HelpName = "AGE|DATE", Description = "Processed before: an age or a date, like --since." };
        var alert = new Option<string?>("--alert") { HelpName = "AP-XXXXXX", Description = "Only replies to this alert (AP-XXXXXX)." };
        var by = new Option<string?>("--by") { HelpName = "ADDRESS", Description = "Only replies from this address (case-insensitive)." };
        var action = new Option<string?>("--action") { HelpName = "ack|unack|resolve|snooze|note", Description = "Only this command: ack, unack, resolve, snooze or note." };
        var outcome = new Option<string?>("--outcome") { HelpName = "applied|rejected|ignored", Description = "Only this outcome: applied, rejected or ignored." };
        var account = new Option<string?>("--account") { HelpName = "NAME", Description = "Only replies read from this account (its Name in the configuration)." };
        var format = new Option<string?>("--format") { HelpName = "table|json|csv", Description = "table (default), json (an array) or csv (RFC 4180 with a header row)." };
        var limit = new Option<int>("--limit") { HelpName = "N", Description = $"At most this many rows (1 to {AckLogQuery.MaxLimit}).", DefaultValueFactory = _ => AckLogQuery.DefaultLimit };
        var after = new Option<string?>("--after") { HelpName = "CURSOR", Description = "Continue after the previous page: the cursor it printed on stderr (csv pages after the first have no header, so they can be appended)." };
        var config = CommandHost.ConfigOption();
        var command = new Command("acks", "Show the acknowledgement log: every reply, what it asked for and what became of it (newest first).")
        {
            since, until, alert, by, action, outcome, account, format, limit, after, config,
        };
        command.SetAction((parse, cancellationToken) => CommandHost.RunAsync(parse, config, services, async (host, output, error) =>
        {
            var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            var how = CliArguments.Choice("--format", parse.GetValue(format), "table", "json", "csv");
            var query = new AckLogQuery
            {
                Since = CliArguments.Time("--since", parse.GetValue(since), now),
                Until = CliArguments.Time("--until", parse.GetValue(until), now),
                Alert = CliArguments.Reference("--alert", parse.GetValue(alert)),
                By = AlertCommandInput.Optional(parse.GetValue(by)),
                Action = CliArguments.Enum<AckAction>("--action", parse.GetValue(action)),
                Outcome = CliArguments.Enum<AckOutcome>("--outcome", parse.GetValue(outcome)),
                Account = AlertCommandInput.Optional(parse.GetValue(account)),
                Limit = CliArguments.Limit("--limit", parse.GetValue(limit), AckLogQuery.MaxLimit),
                After = CliArguments.Cursor("--after", parse.GetValue(after)),
            };
            if (query.Since is { } from && query.Until is { } to && from >= to)
            {
                throw new CommandUsageException("--until", "must be later than --since.");
            }

            var page = await host.Services.GetRequiredService<IAckLogStore>().QueryAsync(query, cancellationToken);
            switch (how)
            {
                case "json":
                    await output.WriteLineAsync(JsonSerializer.Serialize(page.Entries, ReportJson.Indented));
                    break;
                case "csv":
                    await AckLogCsv.WriteAsync(output, page.Entries, includeHeader: query.After is null, cancellationToken);
                    break;
                default:
                    if (page.Entries.Count == 0)
                    {
                        await output.WriteLineAsync("No acknowledgement log entries match.");
                    }
                    else
                    {
                        CliConsole.For(output).Write(AckLogTable.Build(page.Entries));
                    }

                    break;
            }

            if (page.Next is { } next)
            {
                await error.WriteLineAsync($"More entries: repeat the command with --after {next}");
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
