using AckPoller.Core.Alerts;
using AckPoller.Core.Reporting;
using Spectre.Console;

namespace AckPoller.Cli;

/// <summary>The acknowledgement log as a table (`acks`, `alert show`). Text from mail is shown literally.</summary>
internal static class AckLogTable
{
    public static Table Build(IEnumerable<AckLogEntry> entries, bool showAlert = true)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("ID").RightAligned());
        table.AddColumn(new TableColumn("PROCESSED (UTC)").NoWrap());
        if (showAlert)
        {
            table.AddColumn(new TableColumn("ALERT").NoWrap());
        }

        table.AddColumn(new TableColumn("ACTION").NoWrap());
        table.AddColumn(new TableColumn("OUTCOME").NoWrap());
        table.AddColumn(new TableColumn("BY"));
        table.AddColumn(new TableColumn("ACCOUNT").NoWrap());
        table.AddColumn(new TableColumn("COMMENT / REASON"));
        foreach (var entry in entries)
        {
            var cells = new List<Text>
            {
                new(entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new(Format.Time(entry.ProcessedAt)),
            };
            if (showAlert)
            {
                cells.Add(CliConsole.Cell(entry.AlertReference?.ToString()));
            }

            cells.Add(CliConsole.Cell(entry.Action is { } action ? Names.Of(action) + (entry.Argument is null ? string.Empty : " " + entry.Argument) : null));
            cells.Add(new Text(Names.Of(entry.Outcome), entry.Outcome switch
            {
                AckOutcome.Applied => new Style(Color.Green),
                AckOutcome.Rejected => new Style(Color.Red),
                _ => Style.Plain,
            }));
            cells.Add(CliConsole.Cell(entry.ActorAddress is null ? null : Format.Person(entry.ActorAddress, entry.ActorName)));
            cells.Add(CliConsole.Cell(entry.Account));
            cells.Add(CliConsole.Cell(entry.Comment is { Length: > 0 } comment ? $"\"{comment}\" — {entry.Reason}" : entry.Reason));
            table.AddRow(cells);
        }

        return table;
    }
}
