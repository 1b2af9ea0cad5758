using System.Globalization;

namespace AckPoller.Core.Alerts;

/// <summary>How times and people are written in confirmations and log reasons.</summary>
internal static class AckText
{
    /// <summary>"10:42 UTC".</summary>
    public static string Clock(DateTimeOffset value) => value.UtcDateTime.ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>"2025-03-04 10:42 UTC".</summary>
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Person(string? name, string? address) =>
        !string.IsNullOrWhiteSpace(name) ? name.Trim() : address ?? "someone";
}
