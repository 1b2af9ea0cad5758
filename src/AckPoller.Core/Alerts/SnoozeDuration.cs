using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AckPoller.Core.Alerts;

/// <summary>Reads snooze durations as people write them: "30m", "2h", "1d", "1h30m", "2 hours", "45min".
/// Units: d/day(s), h/hr(s)/hour(s), m/min(s)/minute(s); each at most once, largest first, case-insensitive.</summary>
public static class SnoozeDuration
{
    public const string Examples = "30m, 2h, 1d or 1h30m";

    private const int MaxNumberDigits = 5;

    public static bool TryParse([NotNullWhen(true)] string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var lastRank = int.MaxValue;
        var total = TimeSpan.Zero;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && char.IsAsciiDigit(span[digits]))
            {
                digits++;
            }

            if (digits == 0 || digits > MaxNumberDigits)
            {
                return false;
            }

            var number = int.Parse(span[..digits], NumberStyles.None, CultureInfo.InvariantCulture);
            span = span[digits..].TrimStart();
            var letters = 0;
            while (letters < span.Length && char.IsAsciiLetter(span[letters]))
            {
                letters++;
            }

            var (rank, unit) = Unit(span[..letters]);
            if (rank == 0 || rank >= lastRank)
            {
                return false;
            }

            lastRank = rank;
            total += unit * number;
            span = span[letters..].TrimStart();
        }

        if (total <= TimeSpan.Zero)
        {
            return false;
        }

        duration = total;
        return true;
    }

    /// <summary>"1h30m"-style text for confirmations.</summary>
    public static string Format(TimeSpan duration)
    {
        var parts = new List<string>(3);
        if (duration.Days > 0)
        {
            parts.Add(duration.Days.ToString(CultureInfo.InvariantCulture) + "d");
        }

        if (duration.Hours > 0)
        {
            parts.Add(duration.Hours.ToString(CultureInfo.InvariantCulture) + "h");
        }

        if (duration.Minutes > 0 || parts.Count == 0)
        {
            parts.Add(duration.Minutes.ToString(CultureInfo.InvariantCulture) + "m");
        }

        return string.Concat(parts);
    }

    private static (int Rank, TimeSpan Unit) Unit(ReadOnlySpan<char> name)
    {
        if (Is(name, "d", "day", "days"))
        {
            return (3, TimeSpan.FromDays(1));
        }

        if (Is(name, "h", "hr", "hrs", "hour", "hours"))
        {
            return (2, TimeSpan.FromHours(1));
        }

        return Is(name, "m", "min", "mins", "minute", "minutes") ? (1, TimeSpan.FromMinutes(1)) : (0, TimeSpan.Zero);
    }

    private static bool Is(ReadOnlySpan<char> name, params ReadOnlySpan<string> options)
    {
        foreach (var option in options)
        {
            if (name.Equals(option, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
