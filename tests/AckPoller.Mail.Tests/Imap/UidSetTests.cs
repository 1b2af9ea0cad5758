using AckPoller.Mail.Imap;

namespace AckPoller.Mail.Tests.Imap;

[Trait("Category", "Unit")]
public class UidSetTests
{
    [Theory]
    [InlineData("1:*")]
    [InlineData("3,5:9")]
    [InlineData("*")]
    [InlineData("7")]
    [InlineData("9:5,*:3")]
    [InlineData("4294967295")]
    public void Parse_and_format_round_trip(string text) => Assert.Equal(text, UidSet.Parse(text).ToString());

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("1:0")]
    [InlineData("01")]
    [InlineData("1,,2")]
    [InlineData("a:b")]
    [InlineData("1 2")]
    [InlineData("-1")]
    [InlineData("4294967296")]
    public void Invalid_sets_are_refused(string text)
    {
        Assert.False(UidSet.TryParse(text, out _));
        Assert.Throws<FormatException>(() => UidSet.Parse(text));
    }

    [Fact]
    public void Uids_are_sorted_deduplicated_and_compressed()
    {
        Assert.Equal("3,5:9,12", UidSet.FromUids([9, 5, 3, 6, 7, 8, 12, 5]).ToString());
        Assert.Equal("1:*", UidSet.All.ToString());
        Assert.Equal("4:*", UidSet.Range(4).ToString());
        Assert.Throws<ArgumentException>(() => UidSet.FromUids([]));
        Assert.Throws<ArgumentException>(() => UidSet.FromUids([0, 1]));
    }

    [Fact]
    public void Contains_treats_star_as_unbounded()
    {
        var set = UidSet.Parse("3,5:9,20:*");
        Assert.True(set.Contains(3));
        Assert.True(set.Contains(7));
        Assert.True(set.Contains(5000));
        Assert.False(set.Contains(4));
        Assert.False(set.Contains(10));
        Assert.Equal([(3u, (uint?)3u), (5u, 9u), (20u, null)], set.Ranges);
    }
}
