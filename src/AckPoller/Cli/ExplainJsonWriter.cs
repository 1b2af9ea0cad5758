using System.Text.Encodings.Web;
using System.Text.Json;
using AckPoller.Core.Alerts;

namespace AckPoller.Cli;

/// <summary>The --json form of `ackpoller explain`: exactly the documented fields, snake_case, and alert/authorized/reason
/// only when a database was used.</summary>
internal static class ExplainJsonWriter
{
    public static string Write(ExplainReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var analysis = report.Analysis;
            json.WriteStartObject();
            json.WriteString("from", analysis.From);
            json.WriteString("subject", analysis.Subject);
            json.WriteString("message_id", analysis.MessageId);
            json.WriteString("in_reply_to", analysis.InReplyTo);
            json.WriteStartArray("references");
            foreach (var reference in analysis.References)
            {
                json.WriteStringValue(reference);
            }

            json.WriteEndArray();
            json.WriteBoolean("auto_reply", analysis.AutoReply);
            json.WriteString("auto_reply_reason", analysis.AutoReplyReason);
            json.WriteString("unreadable", analysis.Unreadable);
            json.WriteString("alert_ref", analysis.AlertReference?.ToString());
            json.WriteString("matched_by", ExplainReport.MatchedByName(analysis.MatchedBy));
            json.WriteString("new_text", analysis.NewText);
            json.WriteString("command", ExplainReport.CommandName(analysis.Command));
            json.WriteString("command_line", analysis.CommandLine);
            if (analysis.CommandLineNumber is { } number)
            {
                json.WriteNumber("command_line_number", number);
            }
            else
            {
                json.WriteNull("command_line_number");
            }

            json.WriteString("argument", analysis.Argument);
            json.WriteString("comment", analysis.Comment);
            if (report.DatabaseUsed)
            {
                json.WritePropertyName("alert");
                WriteAlert(json, analysis.Alert);
                json.WriteBoolean("authorized", report.Decision?.Authorized == true);
                json.WriteString("reason", report.Decision?.Reason);
                json.WriteString("outcome", report.Verdict is { } verdict ? Core.Reporting.Names.Of(verdict.Outcome) : null);
                json.WriteString("outcome_reason", report.Verdict?.Reason);
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteAlert(Utf8JsonWriter json, Alert? alert)
    {
        if (alert is null)
        {
            json.WriteNullValue();
            return;
        }

        json.WriteStartObject();
        json.WriteString("reference", alert.Reference.ToString());
        json.WriteString("subject", alert.Subject);
        json.WriteString("state", alert.State.ToString().ToLowerInvariant());
        json.WriteString("message_id", alert.MessageId);
        json.WriteStartArray("recipients");
        foreach (var recipient in alert.Recipients)
        {
            json.WriteStringValue(recipient);
        }

        json.WriteEndArray();
        json.WriteString("acknowledged_by", alert.AcknowledgedBy);
        WriteTime(json, "snoozed_until", alert.SnoozedUntil);
        WriteTime(json, "created", alert.CreatedAt);
        json.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            json.WriteString(name, value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
