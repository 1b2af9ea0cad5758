using System.Text;
using AckPoller.Mail.Mime;
using static AckPoller.Mail.Tests.Mime.Parsing.MimeTestMessages;

namespace AckPoller.Mail.Tests.Mime.Parsing;

[Trait("Category", "Unit")]
public class HostileInputTests
{
    private static byte[] NestedMultiparts(int levels)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < levels; i++)
        {
            builder.Append("Content-Type: multipart/mixed; boundary=\"b").Append(i).Append("\"\r\n\r\n--b").Append(i).Append("\r\n");
        }

        builder.Append("Content-Type: text/plain\r\n\r\ndeep\r\n");
        for (var i = levels - 1; i >= 0; i--)
        {
            builder.Append("--b").Append(i).Append("--\r\n");
        }

        return Encoding.ASCII.GetBytes(builder.ToString());
    }

    private static int MultipartDepth(MimeMessage message)
    {
        var depth = 0;
        var entity = message.Body;
        while (entity is Multipart { Parts.Count: > 0 } multipart)
        {
            depth++;
            entity = multipart.Parts[0];
        }

        return depth;
    }

    [Fact]
    public void Five_thousand_nested_multiparts_stop_at_the_depth_limit_with_a_warning()
    {
        var message = MimeParser.Parse(NestedMultiparts(5000));
        Assert.Equal(MimeParserOptions.Default.MaxNestingDepth, MultipartDepth(message));
        Assert.Contains(message.Warnings, w => w.Contains("nesting deeper than 100", StringComparison.Ordinal));
        TouchEverything(message);
    }

    [Fact]
    public void Five_thousand_nested_multiparts_parse_fully_without_recursion_when_allowed()
    {
        var message = MimeParser.Parse(NestedMultiparts(5000), new MimeParserOptions { MaxNestingDepth = 10_000 });
        Assert.Empty(message.Warnings);
        Assert.Equal(5000, MultipartDepth(message));
        TouchEverything(message);
    }

    [Fact]
    public void Deeply_nested_embedded_messages_are_cut_at_the_depth_limit()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 3000; i++)
        {
            builder.Append("Content-Type: message/rfc822\r\n\r\n");
        }

        builder.Append("Subject: bottom\r\n\r\nx");
        var message = MimeParser.Parse(Encoding.ASCII.GetBytes(builder.ToString()));
        Assert.Contains(message.Warnings, w => w.Contains("nesting", StringComparison.Ordinal));
        TouchEverything(message);
    }

    [Fact]
    public void Nested_base64_embedded_messages_are_decoded_only_within_the_size_budget()
    {
        var inner = Encoding.ASCII.GetBytes("Subject: bottom\r\n\r\n" + new string('x', 4000));
        for (var i = 0; i < 20; i++)
        {
            inner = Encoding.ASCII.GetBytes("Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Convert.ToBase64String(inner));
        }

        var message = MimeParser.Parse(inner, new MimeParserOptions { MaxMessageSize = inner.Length * 2L });
        Assert.Contains(message.Warnings, w => w.Contains("kept undecoded", StringComparison.Ordinal));
        TouchEverything(message);
        var full = MimeParser.Parse(inner);
        Assert.Empty(full.Warnings);
    }

    [Fact]
    public void A_50_MB_body_line_is_not_split_into_strings()
    {
        var head = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: application/octet-stream\r\n\r\n"u8.ToArray();
        var tail = "\r\n--b--\r\n"u8.ToArray();
        var data = new byte[head.Length + (50 * 1024 * 1024) + tail.Length];
        head.CopyTo(data, 0);
        data.AsSpan(head.Length, 50 * 1024 * 1024).Fill((byte)'A');
        tail.CopyTo(data, data.Length - tail.Length);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var message = MimeParser.Parse(data);
        var part = (MimePart)((Multipart)message.Body).Parts[0];
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(50 * 1024 * 1024, part.RawContent.Length);
        Assert.Empty(message.Warnings);
        Assert.True(allocated < 64 * 1024, $"parsing allocated {allocated} bytes");
    }

    [Fact]
    public void A_50_MB_header_line_is_cut_at_the_header_block_limit()
    {
        var data = new byte[50 * 1024 * 1024];
        "X-Huge: "u8.CopyTo(data);
        data.AsSpan(8).Fill((byte)'v');
        "\r\n\r\nbody"u8.CopyTo(data.AsSpan(data.Length - 8));
        var message = MimeParser.Parse(data);
        Assert.Empty(message.Headers);
        Assert.Equal("body", message.GetTextBody());
        Assert.Contains(message.Warnings, w => w.Contains("header block larger than", StringComparison.Ordinal));
    }

    [Fact]
    public void A_hundred_thousand_headers_are_capped()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 100_000; i++)
        {
            builder.Append("X-H").Append(i).Append(": v\r\n");
        }

        builder.Append("Subject: never seen\r\n\r\nbody");
        var message = MimeParser.Parse(Encoding.ASCII.GetBytes(builder.ToString()));
        Assert.Equal(1000, message.Headers.Count);
        Assert.Null(message.Subject);
        Assert.Equal("body", message.GetTextBody());
        Assert.Contains(message.Warnings, w => w.Contains("more than 1000 header fields", StringComparison.Ordinal));
    }

    [Fact]
    public void Header_block_size_limit_applies_to_many_long_fields()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 100; i++)
        {
            builder.Append("X-Long: ").Append('x', 5000).Append("\r\n");
        }

        builder.Append("\r\nbody");
        var message = MimeParser.Parse(Encoding.ASCII.GetBytes(builder.ToString()), new MimeParserOptions { MaxHeaderBlockBytes = 64 * 1024 });
        Assert.InRange(message.Headers.Count, 10, 13);
        Assert.Equal("body", message.GetTextBody());
        Assert.Contains(message.Warnings, w => w.Contains("header block larger than", StringComparison.Ordinal));
    }

    [Fact]
    public void Part_count_limit_stops_splitting_with_a_warning()
    {
        var builder = new StringBuilder("Content-Type: multipart/mixed; boundary=b\r\n\r\n");
        for (var i = 0; i < 50; i++)
        {
            builder.Append("--b\r\n\r\npart ").Append(i).Append("\r\n");
        }

        builder.Append("--b--\r\n");
        var message = MimeParser.Parse(Encoding.ASCII.GetBytes(builder.ToString()), new MimeParserOptions { MaxParts = 10 });
        Assert.Equal(9, ((Multipart)message.Body).Parts.Count);
        Assert.Contains(message.Warnings, w => w.Contains("More than 10 parts", StringComparison.Ordinal));
    }

    [Fact]
    public void Message_size_limit_is_an_error()
    {
        var options = new MimeParserOptions { MaxMessageSize = 100 };
        Assert.Throws<MimeMessageTooLargeException>(() => MimeParser.Parse(new byte[101], options));
        Assert.NotNull(MimeParser.Parse(new byte[100], options));
    }

    [Fact]
    public void Deeply_nested_comments_and_quotes_in_structured_headers_are_harmless()
    {
        var parens = new string('(', 200_000);
        var message = Parse($"From: {parens}a@b.test\nTo: \"{new string('\\', 10_001)}\nDate: {parens}\nMessage-ID: <{parens}\nContent-Type: text/plain; name*0*={parens}; a=\"\n\nx");
        TouchEverything(message);
    }

    [Fact]
    public void Pathological_headers_cost_linear_time()
    {
        var unclosedWords = string.Concat(Enumerable.Repeat("=?x?q?a", 30_000));
        var spacedWords = string.Concat(Enumerable.Repeat("=?x?q?a ", 30_000));
        var bareWords = string.Concat(Enumerable.Repeat("a, ", 60_000));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var message = Parse($"Subject: {unclosedWords}\nX-Spaced: {spacedWords}?=\nTo: {bareWords}\n\n", new MimeParserOptions { MaxHeaderBlockBytes = 1024 * 1024 });
        Assert.Equal(unclosedWords, message.Subject);
        Assert.NotNull(message.Headers["X-Spaced"]);
        Assert.Equal(60_000, message.To.Count(a => a.Address == "a")); // mailboxes without a domain, as RFC 822 allowed
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Millions_of_empty_parts_stop_at_the_part_limit_without_collecting_them_all()
    {
        var head = "Content-Type: multipart/mixed; boundary=b\r\n\r\n"u8.ToArray();
        var delimiter = "--b\r\n"u8.ToArray();
        var data = new byte[head.Length + (delimiter.Length * 4_000_000)];
        head.CopyTo(data, 0);
        for (var offset = head.Length; offset < data.Length; offset += delimiter.Length)
        {
            delimiter.CopyTo(data, offset);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var message = MimeParser.Parse(data);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(MimeParserOptions.Default.MaxParts - 1, ((Multipart)message.Body).Parts.Count);
        Assert.Contains(message.Warnings, w => w.Contains("More than 10000 parts", StringComparison.Ordinal));
        Assert.True(allocated < 20 * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Random_garbage_never_throws()
    {
        var random = new Random(12345);
        for (var i = 0; i < 300; i++)
        {
            var data = new byte[random.Next(0, 4000)];
            random.NextBytes(data);
            TouchEverything(MimeParser.Parse(data));
        }
    }

    [Fact]
    public void Mutated_and_truncated_messages_never_throw()
    {
        var original = Crlf("""
            From: =?utf-8?B?Qm9i?= <bob@example.com>
            Date: Tue, 24 Nov 2026 04:09:25 +0000
            Content-Type: multipart/mixed; boundary="o"

            --o
            Content-Type: multipart/alternative; boundary="i"

            --i
            Content-Type: text/plain; charset=iso-2022-jp; format=flowed
            Content-Transfer-Encoding: quoted-printable

            ack =1B$B =
            soft
            --i
            Content-Type: text/html; charset=utf-8
            Content-Transfer-Encoding: base64

            PGRpdj5hY2s8L2Rpdj4=
            --i--
            --o
            Content-Type: message/rfc822

            Subject: inner
            Content-Type: multipart/report; report-type=delivery-status; boundary=r

            --r
            Content-Type: message/delivery-status

            Final-Recipient: rfc822; x@y
            Action: failed
            --r--
            --o
            Content-Type: application/pdf; name*0*=utf-8''%E2; name*1*=%9C%93
            Content-Disposition: attachment

            JVBERi0=
            --o--
            """);
        for (var cut = 0; cut <= original.Length; cut++)
        {
            TouchEverything(MimeParser.Parse(original.AsMemory(0, cut)));
        }

        var random = new Random(99);
        var specials = "-:;\"<>()=?\r\n \t@\\*'%"u8.ToArray();
        for (var i = 0; i < 2000; i++)
        {
            var mutated = (byte[])original.Clone();
            for (var j = random.Next(1, 8); j > 0; j--)
            {
                mutated[random.Next(mutated.Length)] = random.Next(3) == 0 ? (byte)random.Next(256) : specials[random.Next(specials.Length)];
            }

            TouchEverything(MimeParser.Parse(mutated));
        }
    }

    internal static void TouchEverything(MimeMessage message)
    {
        _ = message.Subject;
        _ = message.From;
        _ = message.To;
        _ = message.Cc;
        _ = message.ReplyTo;
        _ = message.Sender;
        _ = message.ReturnPath;
        _ = message.MessageId;
        _ = message.InReplyTo;
        _ = message.References;
        _ = message.Date;
        _ = message.GetTextBody();
        _ = message.GetHtmlBody();
        _ = message.AutoReply;
        _ = message.DeliveryStatus;
        foreach (var header in message.Headers)
        {
            _ = header.Value;
        }

        var stack = new Stack<MimeEntity>();
        stack.Push(message.Body);
        while (stack.Count > 0)
        {
            var entity = stack.Pop();
            _ = entity.Disposition;
            _ = entity.ContentId;
            switch (entity)
            {
                case MimePart part:
                    _ = part.FileName;
                    _ = part.DecodeContent();
                    _ = part.GetText();
                    break;
                case Multipart multipart:
                    foreach (var child in multipart.Parts)
                    {
                        stack.Push(child);
                    }

                    break;
                case MessagePart embedded:
                    _ = embedded.Message.Subject;
                    stack.Push(embedded.Message.Body);
                    break;
            }
        }
    }
}
