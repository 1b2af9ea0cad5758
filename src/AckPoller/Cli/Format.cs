using System.Globalization;

namespace AckPoller.Cli;

/// <summary>How the tables write times (UTC, to the second) and people.</summary>
internal static class Format
{
    public static string Time(DateTimeOffset? value) =>
        value is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "-";

    public static string Person(string? address, string? name) =>
        address is null ? "-" : string.IsNullOrWhiteSpace(name) ? address : $"{name} <{address}>";
}
