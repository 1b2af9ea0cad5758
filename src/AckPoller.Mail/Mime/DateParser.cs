using System.Globalization;

namespace AckPoller.Mail.Mime;

/// <summary>Lenient RFC 5322 §3.3 date-time: day name optional, seconds optional, two- and three-digit years (obs-year),
/// obsolete zone names (UT, GMT, EST..PDT, military letters read as +0000), comments, dashes ("24-Nov-2026"), asctime order,
/// missing zone (taken as UTC). Falls back to ISO 8601. Returns null when no date can be found.</summary>
public static class DateParser
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 1000)
        {
            return null;
        }

        return TryParseRfc5322(text) ?? TryParseIso(text);
    }

    private static DateTimeOffset? TryParseRfc5322(string text)
    {
        int? day = null, month = null, year = null, hour = null, minute = null, second = null;
        TimeSpan? zone = null;
        var pm = false;
        var am = false;
        foreach (var token in Tokenize(text))
        {
            var t = token.AsSpan();
            if (t[0] is '+' or '-' && t.Length > 1 && char.IsAsciiDigit(t[1]))
            {
                zone ??= ParseNumericZone(t);
            }
            else if (t.Contains(':'))
            {
                if (hour is null && TryParseTime(t, out var h, out var m, out var s, out var glued))
                {
                    (hour, minute, second) = (h, m, s);
                    zone ??= glued;
                }
            }
            else if (char.IsAsciiDigit(t[0]))
            {
                if (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    continue;
                }

                if (t.Length >= 3 || day is not null)
                {
                    year ??= NormalizeYear(number, t.Length);
                }
                else
                {
                    day = number;
                }
            }
            else if (char.IsAsciiLetter(t[0]))
            {
                if (t.Length >= 3 && MonthIndex(t) is var index and > 0)
                {
                    month ??= index;
                }
                else if (t.Equals("pm", StringComparison.OrdinalIgnoreCase))
                {
                    pm = true;
                }
                else if (t.Equals("am", StringComparison.OrdinalIgnoreCase))
                {
                    am = true;
                }
                else if (NamedZone(t) is { } named)
                {
                    zone ??= named;
                }
            }
        }

        if (day is null || month is null || year is null)
        {
            return null;
        }

        var hh = hour ?? 0;
        if (pm && hh < 12)
        {
            hh += 12;
        }
        else if (am && hh == 12)
        {
            hh = 0;
        }

        return Build(year.Value, month.Value, day.Value, hh, minute ?? 0, second ?? 0, zone ?? TimeSpan.Zero);
    }

    private static DateTimeOffset? Build(int year, int month, int day, int hour, int minute, int second, TimeSpan zone)
    {
        if (year is < 1 or > 9999 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
        {
            return null;
        }

        if (zone.Duration() > TimeSpan.FromHours(14))
        {
            zone = TimeSpan.Zero;
        }

        // A leap second (":60") is kept as the last second of the minute.
        var result = new DateTimeOffset(year, month, day, hour, minute, Math.Min(second, 59), zone);
        return result;
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var reader = new StructuredTextReader(text);
        while (!reader.AtEnd)
        {
            reader.SkipCfws();
            if (reader.AtEnd)
            {
                break;
            }

            var token = reader.ReadAtom(",");
            if (token.IsEmpty)
            {
                reader.Position++;
                continue;
            }

            // "24-Nov-2026" and "24-Nov-26": split on dashes that are not a zone sign.
            if (token.Length > 1 && token[1..].Contains('-') && !token.Contains(':') && token.ContainsAnyInRange('A', 'z'))
            {
                foreach (var range in token.Split('-'))
                {
                    if (range.End.GetOffset(token.Length) > range.Start.GetOffset(token.Length))
                    {
                        tokens.Add(token[range].ToString());
                    }
                }
            }
            else
            {
                tokens.Add(token.ToString());
            }
        }

        return tokens;
    }

    private static bool TryParseTime(ReadOnlySpan<char> token, out int hour, out int minute, out int second, out TimeSpan? gluedZone)
    {
        hour = minute = second = 0;
        gluedZone = null;
        var zoneStart = token.IndexOfAny('+', '-');
        if (zoneStart > 0)
        {
            gluedZone = ParseNumericZone(token[zoneStart..]);
            token = token[..zoneStart];
        }

        var parts = token.Split(':');
        var index = 0;
        Span<int> values = stackalloc int[3];
        foreach (var range in parts)
        {
            if (index == 3 || !int.TryParse(token[range], NumberStyles.None, CultureInfo.InvariantCulture, out values[index]))
            {
                return false;
            }

            index++;
        }

        if (index < 2)
        {
            return false;
        }

        (hour, minute, second) = (values[0], values[1], index == 3 ? values[2] : 0);
        return true;
    }

    private static TimeSpan? ParseNumericZone(ReadOnlySpan<char> token)
    {
        var sign = token[0] == '-' ? -1 : 1;
        var digits = token[1..];
        int hours, minutes = 0;
        if (digits.Length == 5 && digits[2] == ':')
        {
            if (!int.TryParse(digits[..2], NumberStyles.None, CultureInfo.InvariantCulture, out hours)
                || !int.TryParse(digits[3..], NumberStyles.None, CultureInfo.InvariantCulture, out minutes))
            {
                return null;
            }
        }
        else if (digits.Length == 4 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var hhmm))
        {
            (hours, minutes) = (hhmm / 100, hhmm % 100);
        }
        else if (digits.Length is 1 or 2 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var hh))
        {
            hours = hh;
        }
        else
        {
            return null;
        }

        return minutes > 59 ? null : sign * new TimeSpan(hours, minutes, 0);
    }

    private static TimeSpan? NamedZone(ReadOnlySpan<char> name)
    {
        Span<char> upper = stackalloc char[Math.Min(name.Length, 8)];
        if (name.Length > 8)
        {
            return null;
        }

        name.ToUpperInvariant(upper);
        return upper switch
        {
            "UT" or "UTC" or "GMT" or "Z" or "WET" => TimeSpan.Zero,
            "EST" => TimeSpan.FromHours(-5),
            "EDT" => TimeSpan.FromHours(-4),
            "CST" => TimeSpan.FromHours(-6),
            "CDT" => TimeSpan.FromHours(-5),
            "MST" => TimeSpan.FromHours(-7),
            "MDT" => TimeSpan.FromHours(-6),
            "PST" => TimeSpan.FromHours(-8),
            "PDT" => TimeSpan.FromHours(-7),
            "CET" => TimeSpan.FromHours(1),
            "CEST" => TimeSpan.FromHours(2),
            "BST" => TimeSpan.FromHours(1),

            // RFC 5322 §4.3: military zones were defined with the wrong sign; treat them as unknown (-0000).
            _ when upper.Length == 1 && char.IsAsciiLetter(upper[0]) && upper[0] != 'J' => TimeSpan.Zero,
            _ => null,
        };
    }

    private static int MonthIndex(ReadOnlySpan<char> token)
    {
        for (var i = 0; i < Months.Length; i++)
        {
            if (token[..3].Equals(Months[i], StringComparison.OrdinalIgnoreCase))
            {
                return i + 1;
            }
        }

        return 0;
    }

    private static int NormalizeYear(int year, int digits) => digits switch
    {
        // RFC 5322 §4.3: two-digit years 00-49 are 2000-2049, 50-99 are 1950-1999; three digits add 1900.
        <= 2 => year < 50 ? 2000 + year : 1900 + year,
        3 => 1900 + year,
        _ => year,
    };

    private static DateTimeOffset? TryParseIso(string text) =>
        DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var value)
            ? value
            : null;
}
