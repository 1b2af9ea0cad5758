using System.Globalization;

namespace AckPoller.Core.Storage;

/// <summary>Timestamps are stored as UTC ISO-8601 text with a fixed width, so they sort as text and read in any provider.</summary>
internal static class StoreTime
{
    private const string Format_ = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString(Format_, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string value) =>
        DateTimeOffset.ParseExact(value, Format_, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateTimeOffset? ParseOrNull(object? value) => value is string text ? Parse(text) : null;
}
