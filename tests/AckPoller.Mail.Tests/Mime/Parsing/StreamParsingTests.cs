using AckPoller.Mail.Mime;
using static AckPoller.Mail.Tests.Mime.Parsing.MimeTestMessages;

namespace AckPoller.Mail.Tests.Mime.Parsing;

[Trait("Category", "Unit")]
public class StreamParsingTests
{
    private static readonly byte[] Sample = Crlf("""
        From: Bob <bob@example.com>
        Subject: =?utf-8?q?RE:_alert_=E2=9C=93?=
        Content-Type: multipart/mixed; boundary="outer"

        preamble
        --outer
        Content-Type: multipart/alternative; boundary="inner"

        --inner
        Content-Type: text/plain; charset=utf-8

        ack
        --inner
        Content-Type: text/html

        <p>ack</p>
        --inner--
        --outer
        Content-Type: message/rfc822

        Subject: embedded

        hi
        --outer
        Content-Type: application/octet-stream
        Content-Transfer-Encoding: base64

        AAECAwQ=
        --outer
        """);

    [Fact]
    public async Task One_byte_reads_give_the_same_result_as_the_whole_buffer()
    {
        var expected = Describe(MimeParser.Parse(Sample));
        var message = await MimeParser.ParseAsync(new ChunkedReadStream(Sample, _ => 1));
        Assert.Equal(expected, Describe(message));
        Assert.Equal(Sample, message.ToBytes());
    }

    [Fact]
    public async Task Random_chunk_reads_give_the_same_result_as_the_whole_buffer()
    {
        var expected = Describe(MimeParser.Parse(Sample));
        for (var seed = 0; seed < 20; seed++)
        {
            var random = new Random(seed);
            var message = await MimeParser.ParseAsync(new ChunkedReadStream(Sample, max => random.Next(1, Math.Min(max, 200) + 1)));
            Assert.Equal(expected, Describe(message));
        }
    }

    [Fact]
    public async Task Large_message_over_many_pooled_chunks_is_read_exactly()
    {
        var random = new Random(5);
        var body = new byte[3 * 1024 * 1024];
        random.NextBytes(body);
        var data = Crlf("Subject: big\n\n").Concat(body).ToArray();
        var message = await MimeParser.ParseAsync(new ChunkedReadStream(data, max => random.Next(1, max + 1)));
        Assert.Equal(data, message.ToBytes());
        Assert.Equal(body, ((MimePart)message.Body).RawContent.ToArray());
    }

    [Fact]
    public async Task Seekable_streams_are_read_from_their_position()
    {
        var padded = new byte[10].Concat(Sample).ToArray();
        using var stream = new MemoryStream(padded);
        stream.Position = 10;
        var message = await MimeParser.ParseAsync(stream);
        Assert.Equal(Describe(MimeParser.Parse(Sample)), Describe(message));
    }

    [Fact]
    public async Task Write_to_gives_back_the_original_bytes()
    {
        var message = await MimeParser.ParseAsync(new ChunkedReadStream(Sample, _ => 7));
        using var copy = new MemoryStream();
        message.WriteTo(copy);
        Assert.Equal(Sample, copy.ToArray());
        using var asyncCopy = new MemoryStream();
        await message.WriteToAsync(asyncCopy);
        Assert.Equal(Sample, asyncCopy.ToArray());
        var embedded = (MessagePart)((Multipart)message.Body).Parts[1];
        Assert.Equal("Subject: embedded\r\n\r\nhi", Latin1(embedded.Message.ToBytes()));
    }

    [Fact]
    public async Task Size_limit_is_enforced_while_reading_a_stream()
    {
        var options = new MimeParserOptions { MaxMessageSize = 100 };
        await Assert.ThrowsAsync<MimeMessageTooLargeException>(() => MimeParser.ParseAsync(new ChunkedReadStream(new byte[5000], _ => 10), options));
        await Assert.ThrowsAsync<MimeMessageTooLargeException>(() => MimeParser.ParseAsync(new MemoryStream(new byte[101]), options));
        Assert.NotNull(await MimeParser.ParseAsync(new ChunkedReadStream(new byte[100], _ => 10), options));
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => MimeParser.ParseAsync(new ChunkedReadStream(Sample, _ => 1), null, cts.Token));
    }

    /// <summary>A non-seekable stream that hands out at most chunkSize(requested) bytes per read.</summary>
    private sealed class ChunkedReadStream(byte[] data, Func<int, int> chunkSize) : Stream
    {
        private int position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(Math.Min(buffer.Length, data.Length - position), chunkSize(Math.Max(1, buffer.Length)));
            data.AsSpan(position, count).CopyTo(buffer);
            position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Read(buffer.Span));
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
