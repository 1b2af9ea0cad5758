using System.Buffers;

namespace AckPoller.Mail.Mime;

/// <summary>Parses RFC 5322/MIME messages. Never throws on content (malformed input gives warnings and a best-effort result);
/// throws only <see cref="MimeMessageTooLargeException"/> and, from streams, I/O errors and cancellation.</summary>
public static class MimeParser
{
    private const int FirstChunkSize = 16 * 1024;
    private const int MaxChunkSize = 1024 * 1024;

    /// <summary>Parses a message held in memory. The bytes are not copied: the result refers to them, so they must not change.</summary>
    public static MimeMessage Parse(ReadOnlyMemory<byte> message, MimeParserOptions? options = null)
    {
        options ??= MimeParserOptions.Default;
        if (message.Length > options.MaxMessageSize)
        {
            throw new MimeMessageTooLargeException(options.MaxMessageSize);
        }

        return MimeStructureParser.Parse(message, options);
    }

    /// <summary>Reads the stream to its end into one buffer (never more than MaxMessageSize), then parses it.</summary>
    public static async Task<MimeMessage> ParseAsync(Stream stream, MimeParserOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= MimeParserOptions.Default;
        var buffer = await ReadAllAsync(stream, options.MaxMessageSize, ct).ConfigureAwait(false);
        return MimeStructureParser.Parse(buffer, options);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadAllAsync(Stream stream, long limit, CancellationToken ct)
    {
        if (stream.CanSeek)
        {
            var remaining = stream.Length - stream.Position;
            if (remaining > limit)
            {
                throw new MimeMessageTooLargeException(limit);
            }

            var exact = new byte[remaining];
            var read = 0;
            while (read < exact.Length)
            {
                var count = await stream.ReadAsync(exact.AsMemory(read), ct).ConfigureAwait(false);
                if (count == 0)
                {
                    return exact.AsMemory(0, read);
                }

                read += count;
            }

            // A stream that grew meanwhile: fall through with what follows appended.
            var probe = new byte[1];
            if (await stream.ReadAsync(probe, ct).ConfigureAwait(false) == 0)
            {
                return exact;
            }

            return await ReadChunkedAsync(stream, limit, exact, probe, ct).ConfigureAwait(false);
        }

        return await ReadChunkedAsync(stream, limit, [], [], ct).ConfigureAwait(false);
    }

    /// <summary>Reads into pooled chunks of growing size, then copies once into an array of the exact length: at most twice the
    /// message size is held at the peak, and nothing is copied repeatedly as the buffer grows.</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadChunkedAsync(Stream stream, long limit, byte[] head, byte[] next, CancellationToken ct)
    {
        var chunks = new List<(byte[] Array, int Length)>();
        long total = head.Length + next.Length;
        try
        {
            var size = FirstChunkSize;
            while (true)
            {
                var chunk = ArrayPool<byte>.Shared.Rent(size);
                var length = 0;
                chunks.Add((chunk, 0));
                while (length < chunk.Length)
                {
                    var count = await stream.ReadAsync(chunk.AsMemory(length), ct).ConfigureAwait(false);
                    if (count == 0)
                    {
                        chunks[^1] = (chunk, length);
                        return Join(head, next, chunks, total);
                    }

                    length += count;
                    total += count;
                    if (total > limit)
                    {
                        throw new MimeMessageTooLargeException(limit);
                    }
                }

                chunks[^1] = (chunk, length);
                size = Math.Min(size * 2, MaxChunkSize);
            }
        }
        finally
        {
            foreach (var (array, _) in chunks)
            {
                ArrayPool<byte>.Shared.Return(array);
            }
        }
    }

    private static byte[] Join(byte[] head, byte[] next, List<(byte[] Array, int Length)> chunks, long total)
    {
        var result = new byte[total];
        head.CopyTo(result, 0);
        next.CopyTo(result, head.Length);
        var offset = head.Length + next.Length;
        foreach (var (array, length) in chunks)
        {
            array.AsSpan(0, length).CopyTo(result.AsSpan(offset));
            offset += length;
        }

        return result;
    }
}
