using System.Diagnostics.CodeAnalysis;
using AckPoller.Core.Alerts;

namespace AckPoller.Core.Reporting;

/// <summary>Reads the filter values people type into the CLI options and the API's query parameters, with one spelling
/// (snake_case enum names, AP- references, opaque page cursors) and one message per mistake, so both surfaces say the
/// same thing; the caller puts the option or parameter name in front.</summary>
public static class FilterValue
{
    /// <summary>The snake_case name ("ack", "reauth_required") or the enum's own name, in any case; never a number.</summary>
    public static bool TryEnum<TEnum>(string text, out TEnum value, [NotNullWhen(false)] out string? error)
        where TEnum : struct, Enum
    {
        var trimmed = text.Trim();
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Names.Of(candidate), trimmed, StringComparison.OrdinalIgnoreCase)
                || string.Equals(candidate.ToString(), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                error = null;
                return true;
            }
        }

        value = default;
        error = $"'{Shorten(trimmed)}' is not one of {string.Join(", ", Enum.GetValues<TEnum>().Select(v => Names.Of(v)))}.";
        return false;
    }

    public static bool TryReference(string text, out AlertReference value, [NotNullWhen(false)] out string? error)
    {
        error = AlertReference.TryParse(text.Trim(), out value) ? null : $"'{Shorten(text.Trim())}' is not an alert reference like AP-7K3M9Q.";
        return error is null;
    }

    public static bool TryCursor(string text, [NotNullWhen(true)] out AckLogCursor? value, [NotNullWhen(false)] out string? error)
    {
        error = AckLogCursor.TryParse(text.Trim(), out value) ? null : $"'{Shorten(text.Trim())}' is not a cursor given by a previous page.";
        return error is null;
    }

    /// <summary>Long input is cut in messages: it comes from anyone who can call the API.</summary>
    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
