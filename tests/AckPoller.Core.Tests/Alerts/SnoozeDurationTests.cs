using AckPoller.Core.Alerts;

namespace AckPoller.Core.Tests.Alerts;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class SnoozeDurationTests
{
    [Theory]
    [InlineData("30m", 30)]
    [InlineData("2h", 120)]
    [InlineData("1d", 1440)]
    [InlineData("1h30m", 90)]
    [InlineData("1H30M", 90)]
    [InlineData(" 2 hours ", 120)]
    [InlineData("45min", 45)]
    [InlineData("1d 2h 5m", 1565)]
    public void Reads_durations_as_people_write_them(string text, int minutes)
    {
        Assert.True(SnoozeDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMinutes(minutes), duration);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("m30")]
    [InlineData("0m")]
    [InlineData("30x")]
    [InlineData("30m2h")]
    [InlineData("1h1h")]
    [InlineData("999999m")]
    [InlineData("-5m")]
    [InlineData("1.5h")]
    public void Refuses_what_it_cannot_read(string? text) => Assert.False(SnoozeDuration.TryParse(text, out _));

    [Fact]
    public void Formats_compactly() => Assert.Equal("1d2h5m", SnoozeDuration.Format(TimeSpan.FromMinutes(1565)));
}
