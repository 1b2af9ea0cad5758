using System.Globalization;
using System.Text;

namespace AckPoller.Core.Replies;

/// <summary>Snooze durations as people write them: "30m", "30 min", "2 hours", "1h30m", "1d", "1w", optionally after "for".
/// Normalised to the compact form ("30m", "1h30m", "2h", "1d").</summary>
public static class SnoozeDuration
{
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(90);

    /// <summary>Reads a duration at the start of <paramref name="text"/>; <paramref name="consumed"/> is how many characters it took.</summary>
    public static bool TryParsePrefix(string text, out TimeSpan duration, out string normalized, out int consumed)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = TimeSpan.Zero;
        normalized = string.Empty;
        consumed = 0;
        var pos = SkipSpaces(text, 0);
        if (text.AsSpan(pos).StartsWith("for ", StringComparison.OrdinalIgnoreCase))
        {
            pos = SkipSpaces(text, pos + 4);
        }

        var total = TimeSpan.Zero;
        var parts = new StringBuilder();
        var any = false;
        while (true)
        {
            var numberStart = pos;
            while (pos < text.Length && char.IsAsciiDigit(text[pos]) && pos - numberStart < 6)
            {
                pos++;
            }

            if (pos == numberStart)
            {
                break;
            }

            var number = int.Parse(text.AsSpan(numberStart, pos - numberStart), CultureInfo.InvariantCulture);
            var unitStart = SkipSpaces(text, pos);
            var unitEnd = unitStart;
            while (unitEnd < text.Length && char.IsAsciiLetter(text[unitEnd]))
            {
                unitEnd++;
            }

            if (Unit(text.AsSpan(unitStart, unitEnd - unitStart)) is not { } unit || (unitEnd < text.Length && char.IsLetterOrDigit(text[unitEnd]) && !char.IsAsciiDigit(text[unitEnd])))
            {
                pos = numberStart;
                break;
            }

            total += unit.Size * number;
            parts.Append(number.ToString(CultureInfo.InvariantCulture)).Append(unit.Symbol);
            any = true;
            consumed = unitEnd;
            pos = SkipSpaces(text, unitEnd);
            if (total > Maximum)
            {
                return false;
            }
        }

        if (!any || total <= TimeSpan.Zero)
        {
            consumed = 0;
            return false;
        }

        duration = total;
        normalized = parts.ToString();
        return true;
    }

    public static bool TryParse(string text, out TimeSpan duration) =>
        TryParsePrefix(text, out duration, out _, out var consumed) && text.AsSpan(consumed).Trim().IsEmpty;

    private static (TimeSpan Size, char Symbol)? Unit(ReadOnlySpan<char> unit) => unit.ToString().ToLowerInvariant() switch
    {
        "s" or "sec" or "secs" or "second" or "seconds" => (TimeSpan.FromSeconds(1), 's'),
        "m" or "min" or "mins" or "minute" or "minutes" => (TimeSpan.FromMinutes(1), 'm'),
        "h" or "hr" or "hrs" or "hour" or "hours" => (TimeSpan.FromHours(1), 'h'),
        "d" or "day" or "days" => (TimeSpan.FromDays(1), 'd'),
        "w" or "wk" or "wks" or "week" or "weeks" => (TimeSpan.FromDays(7), 'w'),
        _ => null,
    };

    private static int SkipSpaces(string text, int pos)
    {
        while (pos < text.Length && text[pos] is ' ' or '\t')
        {
            pos++;
        }

        return pos;
    }
}
