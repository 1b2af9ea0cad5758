using System.Buffers;

namespace AckPoller.Mail.Pop3;

/// <summary>Where the unstuffed lines of a RETR/TOP answer go: either one growing array that becomes the result
/// (sized from the server's "+OK n octets" hint, so usually no second copy), or a pooled chunk that is written
/// to a destination stream whenever it fills up, so a large message never sits in memory whole.</summary>
internal sealed class Pop3MessageSink : IDisposable
{
    private const int StreamChunkSize = 64 * 1024;
    private const int MinimumArrayCapacity = 4 * 1024;

    private readonly Stream? _destination;
    private readonly int _growthLimit;
    private byte[] _buffer;
    private int _length;

    private Pop3MessageSink(Stream? destination, byte[] buffer, int growthLimit)
    {
        _destination = destination;
        _buffer = buffer;
        _growthLimit = growthLimit;
    }

    /// <summary>Collects the message into an array; <paramref name="expectedSize"/> (0 when unknown) is the initial capacity,
    /// so with a correct hint the array is filled exactly and returned without another copy.</summary>
    public static Pop3MessageSink ForArray(long expectedSize, long maxSize)
    {
        var limit = (int)Math.Min(maxSize, Array.MaxLength);
        var capacity = expectedSize > 0 ? (int)Math.Min(expectedSize, limit) : Math.Min(MinimumArrayCapacity, limit);
        return new Pop3MessageSink(null, GC.AllocateUninitializedArray<byte>(capacity), limit);
    }

    /// <summary>Streams the message to <paramref name="destination"/> in chunks.</summary>
    public static Pop3MessageSink ForStream(Stream destination) =>
        new(destination, ArrayPool<byte>.Shared.Rent(StreamChunkSize), Array.MaxLength);

    /// <summary>True when the next line of <paramref name="contentLength"/> bytes will not fit the current chunk
    /// and the chunk should be written out first (stream mode only).</summary>
    public bool NeedsFlushBefore(int contentLength) =>
        _destination is not null && _length > 0 && _length + contentLength + 2 > _buffer.Length;

    /// <summary>Appends one line and its CRLF. The caller has already checked the message size limit.</summary>
    public void AppendLine(ReadOnlySpan<byte> content)
    {
        var needed = _length + content.Length + 2;
        if (needed > _buffer.Length)
        {
            Grow(needed);
        }

        content.CopyTo(_buffer.AsSpan(_length));
        _length += content.Length;
        _buffer[_length++] = (byte)'\r';
        _buffer[_length++] = (byte)'\n';
    }

    /// <summary>Writes what is buffered to the destination stream.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_destination is null || _length == 0)
        {
            return;
        }

        await _destination.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken);
        _length = 0;
    }

    /// <summary>The collected message, exactly sized (array mode only).</summary>
    public byte[] ToArray()
    {
        if (_destination is not null)
        {
            throw new InvalidOperationException("A streaming sink has no array.");
        }

        if (_length == _buffer.Length)
        {
            return _buffer;
        }

        return _buffer.AsSpan(0, _length).ToArray();
    }

    public void Dispose()
    {
        if (_destination is not null && _buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void Grow(int needed)
    {
        var size = (int)Math.Max(Math.Min((long)_buffer.Length * 2, _growthLimit), needed);
        if (_destination is null)
        {
            var grown = GC.AllocateUninitializedArray<byte>(size);
            _buffer.AsSpan(0, _length).CopyTo(grown);
            _buffer = grown;
            return;
        }

        // A single line longer than the chunk: take a bigger pooled chunk.
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
