using AckPoller.Core.Reporting;

namespace AckPoller.Core.Tests.Reporting;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class TimeArgumentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("90s", 0, 0, 90)]
    [InlineData("30m", 0, 30, 0)]
    [InlineData("24h", 24, 0, 0)]
    [InlineData("24H", 24, 0, 0)]
    [InlineData(" 7d ", 168, 0, 0)]
    [InlineData("2w", 336, 0, 0)]
    public void An_age_counts_back_from_now(string text, int hours, int minutes, int seconds)
    {
        Assert.True(TimeArgument.TryParse(text, Now, out var value, out var error), error);
        Assert.Equal(Now - new TimeSpan(hours, minutes, seconds), value);
    }

    [Theory]
    [InlineData("2026-11-24", "2026-11-24T00:00:00+00:00")]
    [InlineData("2026-11-24T10:00", "2026-11-24T10:00:00+00:00")]
    [InlineData("2026-11-24 10:00:30", "2026-11-24T10:00:30+00:00")]
    [InlineData("2026-11-24T10:00:00+01:00", "2026-11-24T09:00:00+00:00")]
    [InlineData("2026-11-24T10:00Z", "2026-11-24T10:00:00+00:00")]
    public void A_date_is_utc_unless_it_carries_an_offset(string text, string expected)
    {
        Assert.True(TimeArgument.TryParse(text, Now, out var value, out var error), error);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal(TimeSpan.Zero, value.Value.Offset);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("24x")]
    [InlineData("-5h")]
    [InlineData("h")]
    [InlineData("99999999999999d")]
    [InlineData("11/24/2026")]
    [InlineData("12")]
    public void Anything_else_is_refused_with_a_message_giving_examples(string text)
    {
        Assert.False(TimeArgument.TryParse(text, Now, out var value, out var error));
        Assert.Null(value);
        Assert.Contains(text.Trim(), error, StringComparison.Ordinal);
        Assert.Contains("24h", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Nothing_is_refused(string? text)
    {
        Assert.False(TimeArgument.TryParse(text, Now, out _, out var error));
        Assert.Contains("24h", error, StringComparison.Ordinal);
    }
}
