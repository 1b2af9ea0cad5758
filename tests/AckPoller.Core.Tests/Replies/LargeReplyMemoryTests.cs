using System.Text;
using AckPoller.Core.Replies;
using AckPoller.Mail.Mime;

namespace AckPoller.Core.Tests.Replies;

/// <summary>Issue 11 (peak memory): the new text of a 15.8 MB reply is read from the top of its body; the body is not
/// decoded whole. Plain text: before, a 31.6 MB string and a second one with the line ends normalised, per message
/// (about 63 MB allocated); now about 8.5 MB for a 2 MB prefix. HTML: before, decoded whole and 4 M characters of it
/// read (about 114 MB); now about 30 MB.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public class LargeReplyMemoryTests
{
    [Theory]
    [InlineData("text/plain", "ack\r\n\r\n> quoted alert\r\n", 16)]
    [InlineData("text/html", "<html><body><div>ack</div><blockquote>quoted</blockquote>\r\n", 48)]
    public void The_new_text_of_a_huge_reply_is_read_from_a_bounded_prefix(string contentType, string top, int maxMegabytes)
    {
        var line = Encoding.ASCII.GetBytes(contentType == "text/html" ? "<p>" + new string('x', 70) + "</p>\r\n" : new string('x', 76) + "\r\n");
        var header = Encoding.ASCII.GetBytes(
            "From: <responder@contoso.com>\r\nTo: <alerts@contoso.com>\r\nSubject: Re: alert\r\nMIME-Version: 1.0\r\n" +
            $"Content-Type: {contentType}; charset=us-ascii\r\n\r\n{top}");
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
        Assert.True(allocated < maxMegabytes * 1024L * 1024, $"{allocated} bytes allocated to read a 15.8 MB {contentType} body");
    }
}
