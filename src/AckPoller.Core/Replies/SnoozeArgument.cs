using System.Globalization;
using AckPoller.Core.Alerts;

namespace AckPoller.Core.Replies;

/// <summary>Finds the duration after "snooze" as people write it: "30m", "30 min", "2 hours", "1h 30m", "1d", "1w",
/// optionally after "for", followed by a comment. Normalised to the form <see cref="SnoozeDuration"/> reads back
/// ("30m", "1h30m", "2h", "7d"), which the recorder checks against Alerts:MaxSnooze.</summary>
internal static class SnoozeArgument
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

            total += unit * number;
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
        normalized = SnoozeDuration.Format(total);
        return true;
    }

    private static TimeSpan? Unit(ReadOnlySpan<char> unit) => unit.ToString().ToLowerInvariant() switch
    {
        "m" or "min" or "mins" or "minute" or "minutes" => TimeSpan.FromMinutes(1),
        "h" or "hr" or "hrs" or "hour" or "hours" => TimeSpan.FromHours(1),
        "d" or "day" or "days" => TimeSpan.FromDays(1),
        "w" or "wk" or "wks" or "week" or "weeks" => TimeSpan.FromDays(7),
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
