namespace AckPoller.TestSupport;

/// <summary>The real clock moved forward by an adjustable offset (timers stay real), to jump a week ahead.</summary>
internal sealed class OffsetTimeProvider : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
