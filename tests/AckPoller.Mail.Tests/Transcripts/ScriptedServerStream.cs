using System.Text;

namespace AckPoller.Mail.Tests.Transcripts;

/// <summary>A duplex stream that plays a mail server from a transcript. "S: " lines are what the server sends
/// (CRLF appended), "C: " lines what the client must send next (CRLF appended; "C: *" accepts any one line).
/// Server bytes after a "C:" line are released only once the client has sent it, like a real server.
/// A client line that differs from the script fails the test with both lines shown.</summary>
public sealed class ScriptedServerStream : Stream
{
    private readonly List<Step> _steps;
    private readonly ChunkMode _mode;
    private readonly MemoryStream _clientLine = new();
    private readonly StringBuilder _clientLog = new();
    private int _step;
    private int _offset;

    public ScriptedServerStream(string transcript, ChunkMode mode)
    {
        _steps = Parse(transcript);
        _mode = mode;
    }

    /// <summary>Everything the client wrote, as text.</summary>
    public string ClientOutput => _clientLog.ToString();

    /// <summary>True when every scripted step was played and every expected client line arrived.</summary>
    public bool Completed => _step >= _steps.Count;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Runs <paramref name="test"/> once for each chunk mode, with a fresh stream each time.</summary>
    public static async Task ForEachModeAsync(string transcript, Func<ScriptedServerStream, Task> test)
    {
        foreach (var mode in Enum.GetValues<ChunkMode>())
        {
            var stream = new ScriptedServerStream(transcript, mode);
            try
            {
                await test(stream);
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                throw new InvalidOperationException($"Failed with chunk mode {mode}: {ex.Message}", ex);
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_step >= _steps.Count)
        {
            return 0;
        }

        var step = _steps[_step];
        if (!step.FromServer)
        {
            throw new IOException($"The client is waiting for the server, but the script expects the client to send: {step.Text}");
        }

        var available = step.Bytes.Length - _offset;
        var take = _mode switch
        {
            ChunkMode.ByteByByte => 1,
            ChunkMode.LineByLine => LineLength(step.Bytes, _offset),
            _ => available,
        };
        take = Math.Min(Math.Min(take, available), buffer.Length);
        step.Bytes.AsSpan(_offset, take).CopyTo(buffer);
        _offset += take;
        if (_offset == step.Bytes.Length)
        {
            _step++;
            _offset = 0;
            if (_mode == ChunkMode.Whole)
            {
                take += ContinueWhole(buffer[take..]);
            }
        }

        return take;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        foreach (var b in buffer)
        {
            _clientLine.WriteByte(b);
            if (b == '\n')
            {
                var line = Encoding.UTF8.GetString(_clientLine.ToArray());
                _clientLine.SetLength(0);
                _clientLog.Append(line);
                Expect(line.TrimEnd('\r', '\n'));
            }
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private static int LineLength(byte[] bytes, int offset)
    {
        var newline = Array.IndexOf(bytes, (byte)'\n', offset);
        return newline < 0 ? bytes.Length - offset : newline + 1 - offset;
    }

    private static List<Step> Parse(string transcript)
    {
        var steps = new List<Step>();
        foreach (var raw in transcript.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (raw.Length == 0)
            {
                continue;
            }

            if (raw.StartsWith("S: ", StringComparison.Ordinal) || raw == "S:")
            {
                var text = raw.Length > 3 ? raw[3..] : string.Empty;
                steps.Add(new Step(true, text, Encoding.UTF8.GetBytes(text + "\r\n")));
            }
            else if (raw.StartsWith("C: ", StringComparison.Ordinal) || raw == "C:")
            {
                var text = raw.Length > 3 ? raw[3..] : string.Empty;
                steps.Add(new Step(false, text, []));
            }
            else
            {
                throw new ArgumentException($"Transcript lines start with 'S: ' or 'C: ': {raw}");
            }
        }

        return steps;
    }

    private int ContinueWhole(Span<byte> rest)
    {
        var total = 0;
        while (_step < _steps.Count && _steps[_step].FromServer && rest.Length > total)
        {
            var bytes = _steps[_step].Bytes;
            var take = Math.Min(bytes.Length - _offset, rest.Length - total);
            bytes.AsSpan(_offset, take).CopyTo(rest[total..]);
            total += take;
            _offset += take;
            if (_offset < bytes.Length)
            {
                break;
            }

            _step++;
            _offset = 0;
        }

        return total;
    }

    private void Expect(string line)
    {
        if (_step >= _steps.Count || _steps[_step].FromServer)
        {
            var next = _step < _steps.Count ? "S: " + _steps[_step].Text : "the end of the script";
            throw new Xunit.Sdk.XunitException($"The client sent an unexpected line: '{line}'; the script is at {next}");
        }

        var expected = _steps[_step].Text;
        if (expected != "*" && expected != line)
        {
            throw new Xunit.Sdk.XunitException($"The client sent '{line}' but the script expects '{expected}'");
        }

        _step++;
        _offset = 0;
    }

    private sealed record Step(bool FromServer, string Text, byte[] Bytes);
}
