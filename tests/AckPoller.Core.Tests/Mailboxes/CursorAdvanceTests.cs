using AckPoller.Core.Mailboxes;

namespace AckPoller.Core.Tests.Mailboxes;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class CursorAdvanceTests
{
    [Fact]
    public void Moves_to_the_highest_done_uid()
    {
        var advance = new CursorAdvance(10);
        advance.Done(11);
        advance.Done(15);

        Assert.Equal(15u, advance.LastUid);
    }

    [Fact]
    public void Stops_just_before_the_first_failure_even_when_later_ones_are_done()
    {
        var advance = new CursorAdvance(10);
        advance.Done(11);
        advance.Failed(13);
        advance.Done(14);
        advance.Failed(12);
        advance.Done(20);

        Assert.Equal(11u, advance.LastUid);
    }

    [Fact]
    public void Never_moves_backwards()
    {
        var advance = new CursorAdvance(10);
        advance.Failed(11);

        Assert.Equal(10u, advance.LastUid);
    }

    [Fact]
    public void Message_keys_have_the_documented_shapes()
    {
        Assert.Equal("imap:INBOX:42:7", MessageKeys.Imap("INBOX", 42, 7));
        Assert.Equal("pop3:abc", MessageKeys.Pop3("abc"));
        Assert.NotEqual(MessageKeys.Pop3("abc"), MessageKeys.Pop3PresentBeforeFirstRun("abc"));
    }
}
