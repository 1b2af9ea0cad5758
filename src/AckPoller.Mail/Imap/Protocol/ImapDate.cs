using System.Globalization;

namespace AckPoller.Mail.Imap.Protocol;

/// <summary>IMAP dates: "1-Feb-1994" in SEARCH, "17-Jul-1996 02:44:25 -0700" in INTERNALDATE. English month names, whatever the culture.</summary>
internal static class ImapDate
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public static string FormatSearchDate(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Day}-{Months[date.Month - 1]}-{date.Year:D4}");

    public static bool TryParseInternalDate(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        text = text.TrimStart((byte)' ');

        // d[d]-Mon-yyyy hh:mm:ss +zzzz
        var dash = text.IndexOf((byte)'-');
        if (dash is < 1 or > 2 || text.Length != dash + 1 + 3 + 1 + 4 + 1 + 8 + 1 + 5)
        {
            return false;
        }

        if (!TryDigits(text[..dash], out var day))
        {
            return false;
        }

        var month = 0;
        for (var i = 0; i < Months.Length && month == 0; i++)
        {
            month = System.Text.Ascii.EqualsIgnoreCase(text.Slice(dash + 1, 3), Months[i]) ? i + 1 : 0;
        }

        var rest = text[(dash + 4)..];
        if (month == 0 || rest[0] != '-' || rest[5] != ' ' || rest[8] != ':' || rest[11] != ':' || rest[14] != ' ')
        {
            return false;
        }

        if (!TryDigits(rest.Slice(1, 4), out var year) || !TryDigits(rest.Slice(6, 2), out var hour)
            || !TryDigits(rest.Slice(9, 2), out var minute) || !TryDigits(rest.Slice(12, 2), out var second)
            || !TryDigits(rest.Slice(16, 2), out var zoneHours) || !TryDigits(rest.Slice(18, 2), out var zoneMinutes)
            || rest[15] is not ((byte)'+' or (byte)'-'))
        {
            return false;
        }

        try
        {
            var offset = new TimeSpan(zoneHours, zoneMinutes, 0);
            value = new DateTimeOffset(year, month, day, hour, minute, second, rest[15] == '-' ? -offset : offset);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return !text.IsEmpty;
    }
}
