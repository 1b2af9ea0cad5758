namespace AckPoller.Mail.Tests.Mutation;

/// <summary>Plays fixed server bytes whatever the client sends (writes are discarded), in chunks whose sizes come from
/// the case's seed, then reports end of stream. Enough to drive a client's readers through any byte sequence.</summary>
internal sealed class ReplayServerStream(byte[] data, int seed) : Stream
{
    private readonly Random _random = new(seed ^ 0x5f3759df);
    private readonly int _maxChunk = data.Length > 1024 * 1024 ? int.MaxValue : (seed % 3) switch { 0 => int.MaxValue, 1 => 7, _ => 512 };
    private int _offset;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var available = data.Length - _offset;
        if (available <= 0 || buffer.Length == 0)
        {
            return 0;
        }

        var take = Math.Min(available, buffer.Length);
        if (_maxChunk != int.MaxValue)
        {
            take = Math.Min(take, 1 + _random.Next(_maxChunk));
        }

        data.AsSpan(_offset, take).CopyTo(buffer);
        _offset += take;
        return take;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
