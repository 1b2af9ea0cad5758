namespace AckPoller.Core.Jobs;

/// <summary>What one poll of one account did.</summary>
public sealed record PollResult(string Account, int Fetched, int Applied, int Rejected, int Ignored, int Failed)
{
    /// <summary>Set when the poll did not run because the account needs sign-in or has invalid credentials.</summary>
    public string? SkippedBecause { get; init; }
}
