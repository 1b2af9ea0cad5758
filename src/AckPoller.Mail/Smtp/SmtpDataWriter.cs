using System.Buffers;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Smtp;

/// <summary>Writes a message as DATA content (RFC 5321 §4.5.2): every bare CR or LF becomes CRLF (so nothing like
/// "LF . LF" can end the data early at a lenient server), a line starting with "." gets another ".", a final CRLF is
/// added when missing, then the "." line. Lines are not rewrapped. Fed in chunks; output goes out in large writes.</summary>
internal sealed class SmtpDataWriter : IDisposable
{
    private const int BufferSize = 64 * 1024;

    // Room kept free at the end of the buffer: one step emits at most a CRLF and a stuffed dot before copying.
    private const int Reserve = 8;

    private readonly MailConnection _connection;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _count;
    private bool _atLineStart = true;
    private bool _pendingCr;

    public SmtpDataWriter(MailConnection connection) => _connection = connection;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var consumed = Encode(data.Span);
            data = data[consumed..];
            if (_count >= _buffer.Length - Reserve)
            {
                await FlushAsync(cancellationToken);
            }
        }
    }

    /// <summary>Ends the last line if needed and writes the terminating ".".</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (_pendingCr || !_atLineStart)
        {
            Emit((byte)'\r');
            Emit((byte)'\n');
            _pendingCr = false;
            _atLineStart = true;
        }

        Emit((byte)'.');
        Emit((byte)'\r');
        Emit((byte)'\n');
        await FlushAsync(cancellationToken);
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private int Encode(ReadOnlySpan<byte> input)
    {
        var limit = _buffer.Length - Reserve;
        var i = 0;
        while (i < input.Length && _count < limit)
        {
            if (_pendingCr)
            {
                _pendingCr = false;
                Emit((byte)'\r');
                Emit((byte)'\n');
                _atLineStart = true;
                if (input[i] == '\n')
                {
                    i++;
                    continue;
                }
            }

            if (_atLineStart && input[i] == '.')
            {
                Emit((byte)'.');
            }

            var rest = input[i..];
            var room = Math.Min(rest.Length, limit - _count + Reserve - 4);
            var stop = rest[..room].IndexOfAny((byte)'\r', (byte)'\n');
            var run = stop < 0 ? room : stop;
            rest[..run].CopyTo(_buffer.AsSpan(_count));
            _count += run;
            i += run;
            if (run > 0)
            {
                _atLineStart = false;
            }

            if (stop < 0)
            {
                continue;
            }

            i++;
            if (rest[stop] == '\n')
            {
                Emit((byte)'\r');
                Emit((byte)'\n');
                _atLineStart = true;
            }
            else
            {
                _pendingCr = true;
            }
        }

        return i;
    }

    private void Emit(byte value) => _buffer[_count++] = value;

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_count > 0)
        {
            await _connection.WriteAsync(_buffer.AsMemory(0, _count), cancellationToken);
            _count = 0;
        }
    }
}
