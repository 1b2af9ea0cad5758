namespace AckPoller.Core.Accounts;

/// <summary>What the worker last did with one account, persisted so `ackpoller accounts`, the HTTP API and the status page
/// (which may run in another process) can show it.</summary>
public sealed record AccountActivity
{
    public required string Account { get; init; }

    public DateTimeOffset? LastPollAt { get; init; }

    /// <summary>True when the last poll finished without error; null before the first poll.</summary>
    public bool? LastPollSucceeded { get; init; }

    /// <summary>e.g. "fetched 3, applied 2, rejected 0, ignored 1, failed 0", or why the poll was skipped.</summary>
    public string? LastPollSummary { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>True while an IMAP IDLE connection is open for the account.</summary>
    public bool IdleConnected { get; init; }

    public DateTimeOffset? IdleChangedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
