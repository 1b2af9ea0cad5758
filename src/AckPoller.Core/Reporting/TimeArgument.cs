using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AckPoller.Core.Reporting;

/// <summary>Reads the time bounds people type into `--since`/`--until` and `?since=`/`?until=`: an age counted back from
/// now ("90s", "30m", "24h", "7d", "2w") or a date or date-time in ISO 8601 ("2026-11-24", "2026-11-24T10:00",
/// "2026-11-24T10:00:00+01:00"; UTC unless it carries an offset).</summary>
public static class TimeArgument
{
    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd HH:mm:ss",
    ];

    public static bool TryParse(string? text, DateTimeOffset now, [NotNullWhen(true)] out DateTimeOffset? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            error = "Expected an age like 24h or 7d, or a date like 2026-11-24.";
            return false;
        }

        if (TryParseAge(trimmed, out var age))
        {
            value = now - age;
            return true;
        }

        if (DateTimeOffset.TryParseExact(trimmed, DateFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            || DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out date)
            && trimmed.Length >= 10 && trimmed[4] == '-')
        {
            value = date;
            return true;
        }

        error = $"'{trimmed}' is neither an age (like 30m, 24h, 7d, 2w) nor a date (like 2026-11-24 or 2026-11-24T10:00Z).";
        return false;
    }

    private static bool TryParseAge(string text, out TimeSpan age)
    {
        age = default;
        if (text.Length < 2 || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        var unit = char.ToLowerInvariant(text[^1]) switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            'w' => TimeSpan.FromDays(7),
            _ => TimeSpan.Zero,
        };
        if (unit == TimeSpan.Zero || amount > 36_500L * TimeSpan.TicksPerDay / unit.Ticks)
        {
            return false;
        }

        age = TimeSpan.FromTicks(unit.Ticks * amount);
        return true;
    }
}
