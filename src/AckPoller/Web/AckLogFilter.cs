using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using AckPoller.Core.Alerts;
using AckPoller.Core.Reporting;
using Microsoft.AspNetCore.Http;

namespace AckPoller.Web;

/// <summary>Reads the acknowledgement log filters of GET /api/acks and the status page from the query string, the same
/// ones the CLI takes: since, until (age like 24h or a date), alert (AP-…), by (address), action, outcome, account,
/// limit, after (the previous page's "next" cursor). A bad value names its parameter.</summary>
internal static class AckLogFilter
{
    public const int MaxTextLength = 320;

    public static bool TryParse(IQueryCollection query, DateTimeOffset now, int defaultLimit, [NotNullWhen(true)] out AckLogQuery? result, out (string Parameter, string Message) error)
    {
        result = null;
        error = default;
        var filter = new AckLogQuery { Limit = defaultLimit };

        if (Value(query, "since") is { } since)
        {
            if (!TimeArgument.TryParse(since, now, out var value, out var message))
            {
                error = ("since", message);
                return false;
            }

            filter = filter with { Since = value };
        }

        if (Value(query, "until") is { } until)
        {
            if (!TimeArgument.TryParse(until, now, out var value, out var message))
            {
                error = ("until", message);
                return false;
            }

            filter = filter with { Until = value };
        }

        if (Value(query, "alert") is { } alert)
        {
            if (!AlertReference.TryParse(alert, out var reference))
            {
                error = ("alert", $"'{Shorten(alert)}' is not an alert reference like AP-7K3M9Q.");
                return false;
            }

            filter = filter with { Alert = reference };
        }

        if (Value(query, "by") is { } by)
        {
            if (by.Length > MaxTextLength)
            {
                error = ("by", $"longer than {MaxTextLength} characters.");
                return false;
            }

            filter = filter with { By = by };
        }

        if (Value(query, "account") is { } account)
        {
            if (account.Length > MaxTextLength)
            {
                error = ("account", $"longer than {MaxTextLength} characters.");
                return false;
            }

            filter = filter with { Account = account };
        }

        if (Value(query, "action") is { } action)
        {
            if (!TryParseEnum<AckAction>(action, out var value))
            {
                error = ("action", $"'{Shorten(action)}' is not one of {Choices<AckAction>()}.");
                return false;
            }

            filter = filter with { Action = value };
        }

        if (Value(query, "outcome") is { } outcome)
        {
            if (!TryParseEnum<AckOutcome>(outcome, out var value))
            {
                error = ("outcome", $"'{Shorten(outcome)}' is not one of {Choices<AckOutcome>()}.");
                return false;
            }

            filter = filter with { Outcome = value };
        }

        if (Value(query, "limit") is { } limitText)
        {
            if (!TryParseLimit(limitText, AckLogQuery.MaxLimit, out var limit))
            {
                error = ("limit", $"expected a whole number from 1 to {AckLogQuery.MaxLimit}.");
                return false;
            }

            filter = filter with { Limit = limit };
        }

        if (Value(query, "after") is { } after)
        {
            if (!AckLogCursor.TryParse(after, out var cursor))
            {
                error = ("after", "not a cursor from a previous page's \"next\".");
                return false;
            }

            filter = filter with { After = cursor };
        }

        result = filter;
        return true;
    }

    /// <summary>A parameter's value, or null when absent or blank (an empty form field means "no filter").</summary>
    public static string? Value(IQueryCollection query, string name)
    {
        var value = query[name].FirstOrDefault()?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public static bool TryParseLimit(string text, int max, out int limit) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit >= 1 && limit <= max;

    /// <summary>Accepts the snake_case spelling ("ack", "applied") in any case; never numbers.</summary>
    public static bool TryParseEnum<TEnum>(string text, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Names.Of(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static string Choices<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Enum.GetValues<TEnum>().Select(v => Names.Of(v)));

    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
