using System.Text;

namespace AckPoller.Core.Reporting;

/// <summary>One RFC 4180 field. Text a spreadsheet would run as a formula (starting with = + - @ or a tab/CR) gets a
/// leading apostrophe: ack comments come from email and anyone can send email.</summary>
public static class CsvField
{
    public static void Append(StringBuilder line, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        if (value.AsSpan().IndexOfAny("\",\r\n") < 0)
        {
            line.Append(value);
            return;
        }

        line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
