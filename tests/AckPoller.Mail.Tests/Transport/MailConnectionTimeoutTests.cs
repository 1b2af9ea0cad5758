using System.Text;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Transport;

/// <summary>The read and write limits hold for every operation, also when one timeout source is re-armed for many.</summary>
[Trait("Category", "Unit")]
public class MailConnectionTimeoutTests
{
    [Fact]
    public async Task A_read_that_stalls_after_earlier_reads_times_out_and_breaks_the_connection()
    {
        await using var connection = MailConnection.FromStream(new StallingStream("one\r\n", "two\r\n"), "example.test", 143, Limit(300));
        Assert.Equal("one", Encoding.ASCII.GetString((await connection.ReadLineAsync(default)).Span));
        Assert.Equal("two", Encoding.ASCII.GetString((await connection.ReadLineAsync(default)).Span));
        var error = await Assert.ThrowsAsync<MailConnectionException>(async () => await connection.ReadLineAsync(default));
        Assert.Contains("did not answer", error.Message, StringComparison.Ordinal);
        Assert.False(connection.IsUsable);
    }

    [Fact]
    public async Task Cancelling_after_earlier_reads_with_the_same_token_is_cancellation_not_a_timeout()
    {
        using var caller = new CancellationTokenSource();
        await using var connection = MailConnection.FromStream(new StallingStream("one\r\n", "two\r\n"), "example.test", 143, Limit(60_000));
        await connection.ReadLineAsync(caller.Token);
        await connection.ReadLineAsync(caller.Token);
        caller.CancelAfter(100);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await connection.ReadLineAsync(caller.Token));
        Assert.False(connection.IsUsable);
    }

    [Fact]
    public async Task A_write_that_stalls_after_an_earlier_write_times_out()
    {
        var stream = new StallingStream { WritesBeforeStall = 1 };
        await using var connection = MailConnection.FromStream(stream, "example.test", 143, Limit(300));
        await connection.WriteLineAsync("FIRST", default);
        var error = await Assert.ThrowsAsync<MailConnectionException>(async () => await connection.WriteLineAsync("SECOND", default));
        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        Assert.False(connection.IsUsable);
    }

    private static MailConnectionOptions Limit(int milliseconds) => new() { ReadWriteTimeout = TimeSpan.FromMilliseconds(milliseconds) };

    /// <summary>Hands out the given chunks, one per read, then never answers; accepts a number of writes, then hangs.</summary>
    private sealed class StallingStream(params string[] chunks) : Stream
    {
        private int _next;
        private int _writes;

        public int WritesBeforeStall { get; init; } = int.MaxValue;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_next < chunks.Length)
            {
                return Encoding.ASCII.GetBytes(chunks[_next++], buffer.Span);
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (++_writes > WritesBeforeStall)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
