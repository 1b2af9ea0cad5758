using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using AckPoller.Core.Storage;

namespace AckPoller.Core.Alerts;

/// <summary>Where a page of the log ended (keyset paging: stable while rows are appended, cheap at any depth).
/// <see cref="ToString"/> gives an opaque token for the CLI and HTTP API; <see cref="TryParse"/> reads it back.</summary>
public sealed record AckLogCursor(DateTimeOffset ProcessedAt, long Id)
{
    public override string ToString() => StoreTime.Format(ProcessedAt) + "~" + Id.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse([NotNullWhen(true)] string? token, [NotNullWhen(true)] out AckLogCursor? cursor)
    {
        cursor = null;
        if (token is null)
        {
            return false;
        }

        var at = token.IndexOf('~', StringComparison.Ordinal);
        if (at <= 0
            || !long.TryParse(token.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !DateTimeOffset.TryParseExact(token[..at], "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var processedAt))
        {
            return false;
        }

        cursor = new AckLogCursor(processedAt, id);
        return true;
    }
}
