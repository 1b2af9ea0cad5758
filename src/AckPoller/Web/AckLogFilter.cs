using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
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
            if (!FilterValue.TryReference(alert, out var reference, out var message))
            {
                error = ("alert", message);
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
            if (!FilterValue.TryEnum<AckAction>(action, out var value, out var message))
            {
                error = ("action", message);
                return false;
            }

            filter = filter with { Action = value };
        }

        if (Value(query, "outcome") is { } outcome)
        {
            if (!FilterValue.TryEnum<AckOutcome>(outcome, out var value, out var message))
            {
                error = ("outcome", message);
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
            if (!FilterValue.TryCursor(after, out var cursor, out var message))
            {
                error = ("after", message);
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

    public static string Shorten(string text) => FilterValue.Shorten(text);
}
