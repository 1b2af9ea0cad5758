using System.Globalization;
using System.Text;
using AckPoller.Core.Alerts;

namespace AckPoller.Core.Reporting;

/// <summary>The acknowledgement log as CSV (RFC 4180, CRLF line ends, a header row), shared by `ackpoller acks --format
/// csv` and GET /api/acks?format=csv so both give the same file.</summary>
public static class AckLogCsv
{
    public const string Header = "id,processed_at,received_at,alert,action,argument,outcome,actor_address,actor_name,comment,reason,account,protocol,source_message_id";

    public static async Task WriteAsync(TextWriter writer, IEnumerable<AckLogEntry> entries, bool includeHeader, CancellationToken cancellationToken)
    {
        if (includeHeader)
        {
            await writer.WriteAsync(Header + "\r\n");
        }

        var line = new StringBuilder(256);
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            line.Clear();
            Format(line, entry);
            await writer.WriteAsync(line.Append("\r\n").ToString());
        }
    }

    public static void Format(StringBuilder line, AckLogEntry entry)
    {
        line.Append(entry.Id.ToString(CultureInfo.InvariantCulture)).Append(',');
        line.Append(Time(entry.ProcessedAt)).Append(',');
        line.Append(Time(entry.ReceivedAt)).Append(',');
        CsvField.Append(line, entry.AlertReference?.ToString());
        line.Append(',');
        CsvField.Append(line, entry.Action is { } action ? Names.Of(action) : null);
        line.Append(',');
        CsvField.Append(line, entry.Argument);
        line.Append(',');
        CsvField.Append(line, Names.Of(entry.Outcome));
        line.Append(',');
        CsvField.Append(line, entry.ActorAddress);
        line.Append(',');
        CsvField.Append(line, entry.ActorName);
        line.Append(',');
        CsvField.Append(line, entry.Comment);
        line.Append(',');
        CsvField.Append(line, entry.Reason);
        line.Append(',');
        CsvField.Append(line, entry.Account);
        line.Append(',');
        CsvField.Append(line, entry.Protocol);
        line.Append(',');
        CsvField.Append(line, entry.SourceMessageId);
    }

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
