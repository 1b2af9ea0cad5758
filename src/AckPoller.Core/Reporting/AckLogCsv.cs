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
        line.Append(Time(entry.ReceivedAt));
        string?[] fields =
        [
            entry.AlertReference?.ToString(), entry.Action is { } action ? Names.Of(action) : null, entry.Argument, Names.Of(entry.Outcome),
            entry.ActorAddress, entry.ActorName, entry.Comment, entry.Reason, entry.Account, entry.Protocol, entry.SourceMessageId,
        ];
        foreach (var field in fields)
        {
            CsvField.Append(line.Append(','), field);
        }
    }

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
