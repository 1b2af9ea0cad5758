using System.Text;
using AckPoller.Core.Replies;
using AckPoller.Mail.Mime;

namespace AckPoller.Core.Tests.Replies;

/// <summary>Issue 11 (peak memory): the new text of a 15.8 MB reply is read from the top of its body; the body is not
/// decoded whole (before, a 31.6 MB string and a second one with the line ends normalised, per message: about 63 MB
/// allocated; now about 8.5 MB for a 2 MB prefix).</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public class LargeReplyMemoryTests
{
    [Fact]
    public void The_new_text_of_a_huge_plain_text_reply_is_read_without_decoding_the_whole_body()
    {
        var line = Encoding.ASCII.GetBytes(new string('x', 76) + "\r\n");
        var header = Encoding.ASCII.GetBytes(
            "From: <responder@contoso.com>\r\nTo: <alerts@contoso.com>\r\nSubject: Re: alert\r\nMIME-Version: 1.0\r\n" +
            "Content-Type: text/plain; charset=us-ascii\r\n\r\nack\r\n\r\n> quoted alert\r\n");
        var raw = new byte[header.Length + 15_800_000];
        header.CopyTo(raw, 0);
        for (var i = header.Length; i < raw.Length; i += line.Length)
        {
            line.AsSpan(0, Math.Min(line.Length, raw.Length - i)).CopyTo(raw.AsSpan(i));
        }

        var message = MimeParser.Parse(raw);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var text = QuoteStripper.Extract(message);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("ack", text);
        Assert.True(allocated < 16 * 1024 * 1024, $"{allocated} bytes allocated to read a 15.8 MB body");
    }

    [Fact]
    public void The_new_text_of_a_huge_html_reply_is_read_from_a_bounded_prefix()
    {
        // Before: the 15.8 MB HTML decoded whole and 4 M characters of it read, about 114 MB allocated; now about 30 MB.
        var line = Encoding.ASCII.GetBytes("<p>" + new string('x', 70) + "</p>\r\n");
        var header = Encoding.ASCII.GetBytes(
            "From: <responder@contoso.com>\r\nTo: <alerts@contoso.com>\r\nSubject: Re: alert\r\nMIME-Version: 1.0\r\n" +
            "Content-Type: text/html; charset=us-ascii\r\n\r\n<html><body><div>ack</div><blockquote>quoted</blockquote>\r\n");
        var raw = new byte[header.Length + 15_800_000];
        header.CopyTo(raw, 0);
        for (var i = header.Length; i < raw.Length; i += line.Length)
        {
            line.AsSpan(0, Math.Min(line.Length, raw.Length - i)).CopyTo(raw.AsSpan(i));
        }

        var message = MimeParser.Parse(raw);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var text = QuoteStripper.Extract(message);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("ack", text);
        Assert.True(allocated < 48 * 1024 * 1024, $"{allocated} bytes allocated to read a 15.8 MB HTML body");
    }
}
