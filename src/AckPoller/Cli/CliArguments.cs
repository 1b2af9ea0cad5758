using AckPoller.Core.Alerts;
using AckPoller.Core.Reporting;

namespace AckPoller.Cli;

/// <summary>Reads option values the commands take as text, so a bad one gives a message naming the option (exit 64)
/// instead of the parser's generic one, with the same spellings as the JSON/CSV output (snake_case enum names).</summary>
internal static class CliArguments
{
    public static DateTimeOffset? Time(string option, string? text, DateTimeOffset now)
    {
        if (text is null)
        {
            return null;
        }

        return TimeArgument.TryParse(text, now, out var value, out var error) ? value : throw new CommandUsageException(option, error);
    }

    public static TEnum? Enum<TEnum>(string option, string? text)
        where TEnum : struct, Enum
    {
        if (text is null)
        {
            return null;
        }

        return FilterValue.TryEnum<TEnum>(text, out var value, out var error) ? value : throw new CommandUsageException(option, error);
    }

    public static AlertReference? Reference(string option, string? text)
    {
        if (text is null)
        {
            return null;
        }

        return FilterValue.TryReference(text, out var reference, out var error) ? reference : throw new CommandUsageException(option, error);
    }

    public static int Limit(string option, int value, int max) =>
        value is >= 1 && value <= max ? value : throw new CommandUsageException(option, $"{value} is out of range; use 1 to {max}.");

    public static AckLogCursor? Cursor(string option, string? text)
    {
        if (text is null)
        {
            return null;
        }

        return FilterValue.TryCursor(text, out var cursor, out var error) ? cursor : throw new CommandUsageException(option, error);
    }

    /// <summary>One of <paramref name="allowed"/>, compared case-insensitively.</summary>
    public static string Choice(string option, string? text, params string[] allowed)
    {
        var value = text?.Trim() ?? allowed[0];
        foreach (var choice in allowed)
        {
            if (string.Equals(choice, value, StringComparison.OrdinalIgnoreCase))
            {
                return choice;
            }
        }

        throw new CommandUsageException(option, $"'{text}' is not one of {string.Join(", ", allowed)}.");
    }
}
