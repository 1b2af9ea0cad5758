namespace AckPoller.Core.Resilience;

/// <summary>Exponential backoff with jitter for loops that reconnect by themselves (the IDLE listener): attempt 1 waits
/// about <c>baseDelay</c>, each further attempt twice as long, capped at <c>maxDelay</c>; the jitter (50–100 %) keeps many
/// accounts from reconnecting in step.</summary>
public static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double jitter01)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponent = Math.Min(attempt - 1, 30);
        var raw = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), maxDelay.TotalMilliseconds);
        var factor = 0.5 + (Math.Clamp(jitter01, 0, 1) * 0.5);
        return TimeSpan.FromMilliseconds(raw * factor);
    }
}
