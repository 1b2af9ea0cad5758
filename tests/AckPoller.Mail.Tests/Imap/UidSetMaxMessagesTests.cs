using AckPoller.Mail.Imap;

namespace AckPoller.Mail.Tests.Imap;

[Trait("Category", "Unit")]
public class UidSetMaxMessagesTests
{
    [Theory]
    [InlineData("1:*", 2000u, 2000u)]
    [InlineData("*:5", 40u, 40u)]
    [InlineData("7", 2000u, 1u)]
    [InlineData("3,5:9", 2000u, 6u)]
    [InlineData("9:5", 2000u, 5u)]
    [InlineData("1:4294967295", 10u, 10u)]
    [InlineData("1:100,200:300", 150u, 150u)]
    [InlineData("1:*", 0u, 0u)]
    public void Bounds_the_count_by_the_set_and_by_the_mailbox(string set, uint messageCount, uint expected) =>
        Assert.Equal(expected, UidSet.Parse(set).MaxMessages(messageCount));
}
