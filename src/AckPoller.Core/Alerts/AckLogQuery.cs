using AckPoller.Core.Configuration;

namespace AckPoller.Core.Alerts;

/// <summary>Filters for reading the acknowledgement log, newest first. Every filter is optional; <see cref="After"/>
/// continues from the previous page's <see cref="AckLogPage.Next"/>.</summary>
public sealed record AckLogQuery
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 10_000;

    /// <summary>Processed at or after.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Processed before.</summary>
    public DateTimeOffset? Until { get; init; }

    public AlertReference? Alert { get; init; }

    /// <summary>The actor's address, compared case-insensitively.</summary>
    public string? By { get; init; }

    public AckAction? Action { get; init; }

    public AckOutcome? Outcome { get; init; }

    public string? Account { get; init; }

    public int Limit { get; init; } = DefaultLimit;

    public AckLogCursor? After { get; init; }
}
