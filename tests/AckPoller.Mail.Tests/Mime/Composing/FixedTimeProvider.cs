namespace AckPoller.Mail.Tests.Mime.Composing;

/// <summary>A clock stopped at one instant, in a chosen time zone.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset utcNow, TimeZoneInfo zone) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => utcNow;

    public override TimeZoneInfo LocalTimeZone => zone;
}
