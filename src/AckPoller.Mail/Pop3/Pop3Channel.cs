using System.Buffers.Text;
using System.Text;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Pop3;

/// <summary>POP3 commands and responses over one <see cref="MailConnection"/>: status lines, multi-line answers
/// ending in ".", dot-unstuffing and the message size limit. Garbage from the server drops the connection;
/// -ERR leaves it usable.</summary>
internal sealed class Pop3Channel
{
    private const int MaxQuotedLength = 200;

    public Pop3Channel(MailConnection connection) => Connection = connection;

    public MailConnection Connection { get; }

    public ValueTask SendAsync(string command, CancellationToken cancellationToken) =>
        Connection.WriteLineAsync(command, cancellationToken);

    /// <summary>Reads one status line; anything but +OK/-ERR (or "+ " when <paramref name="allowContinuation"/>) is garbage.</summary>
    public async ValueTask<Pop3StatusLine> ReadStatusAsync(bool allowContinuation, CancellationToken cancellationToken)
    {
        var line = await Connection.ReadLineAsync(cancellationToken);
        if (!Pop3StatusLine.TryParse(line, out var status)
            || (status.Kind == Pop3StatusKind.Continuation && !allowContinuation))
        {
            throw Garbage($"The POP3 server sent '{Quote(line.Span)}' where a status line (+OK or -ERR) was expected.");
        }

        return status;
    }

    /// <summary>Reads the status line of <paramref name="command"/>; -ERR becomes a <see cref="MailCommandException"/>.
    /// The returned text is valid until the next read.</summary>
    public async ValueTask<Pop3StatusLine> ExpectOkAsync(string command, CancellationToken cancellationToken)
    {
        var status = await ReadStatusAsync(allowContinuation: false, cancellationToken);
        if (status.Kind == Pop3StatusKind.Error)
        {
            throw CommandFailed(command, status);
        }

        return status;
    }

    /// <summary>Sends <paramref name="command"/> and expects +OK.</summary>
    public async ValueTask<Pop3StatusLine> ExecuteAsync(string command, CancellationToken cancellationToken)
    {
        await SendAsync(command, cancellationToken);
        return await ExpectOkAsync(command, cancellationToken);
    }

    /// <summary>Reads the next line of a multi-line answer with its stuffing dot removed, or null at the final ".".
    /// The memory is valid until the next read.</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadDataLineAsync(CancellationToken cancellationToken)
    {
        var line = await Connection.ReadLineAsync(cancellationToken);
        if (line.Length > 0 && line.Span[0] == '.')
        {
            if (line.Length == 1)
            {
                return null;
            }

            line = line[1..];
        }

        return line;
    }

    /// <summary>Reads the lines of a RETR/TOP answer into <paramref name="sink"/> up to the final ".", each ending in CRLF.
    /// Over <paramref name="maxSize"/> octets the connection is dropped: the rest cannot be skipped safely.
    /// A message expected (<paramref name="bulkExpectedSize"/>, from the server's own size hint) to be at least
    /// <see cref="Pop3BulkRetrieval.MinimumBytes"/> long is received in bulk mode until its last low-water mark's worth.
    /// Pass 0 while an enclosing <see cref="Pop3BulkRetrieval"/> is active: bulk scopes do not nest.</summary>
    public async ValueTask ReadMessageAsync(Pop3MessageSink sink, long maxSize, int messageNumber, CancellationToken cancellationToken, long bulkExpectedSize = 0)
    {
        long total = 0;
        var bulk = bulkExpectedSize >= Pop3BulkRetrieval.MinimumBytes;
        var bulkUntil = bulkExpectedSize - BulkReceiveNetworkStream.LowWater;
        using var scope = bulk ? Connection.ExpectBulkResponse() : default;
        try
        {
            while (true)
            {
                if (bulk && total >= bulkUntil)
                {
                    scope.Dispose();
                    bulk = false;
                }

                var line = await Connection.ReadContentLineAsync(cancellationToken);
                if (line.Length > 0 && line.Span[0] == '.')
                {
                    if (line.Length == 1)
                    {
                        break;
                    }

                    line = line[1..];
                }

                total += line.Length + 2;
                if (total > maxSize)
                {
                    throw Garbage($"Message {messageNumber} is larger than the limit of {maxSize} octets (Pop3Client.MaxMessageSize); the connection was dropped.");
                }

                if (sink.NeedsFlushBefore(line.Length))
                {
                    await sink.FlushAsync(cancellationToken);
                }

                sink.AppendLine(line.Span);
            }

            Connection.LogContentSummary(total);
            await sink.FlushAsync(cancellationToken);
        }
        catch
        {
            // Whatever failed (the limit, the destination stream, cancellation), the rest of the answer is still unread.
            Connection.MarkBroken();
            throw;
        }
    }

    /// <summary>Writes several commands in one go (PIPELINING, RFC 2449).</summary>
    public ValueTask SendBatchAsync(IEnumerable<string> commands, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var command in commands)
        {
            text.Append(command).Append("\r\n");
        }

        return Connection.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
    }

    /// <summary>Reads and throws away the answers to <paramref name="count"/> pipelined RETR commands, so the
    /// conversation is back in step. Single-line answers (-ERR) and multi-line ones (+OK) are both handled.</summary>
    public async ValueTask DiscardMultilineAnswersAsync(int count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            var status = await ReadStatusAsync(allowContinuation: false, cancellationToken);
            if (status.Kind == Pop3StatusKind.Ok)
            {
                while (await ReadDataLineAsync(cancellationToken) is not null)
                {
                }
            }
        }
    }

    /// <summary>Base64-encodes a SASL response and writes it as a line that never reaches the protocol log.</summary>
    public async ValueTask SendSecretBase64LineAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var line = new byte[Base64.GetMaxEncodedToUtf8Length(data.Length) + 2];
        try
        {
            Base64.EncodeToUtf8(data.Span, line, out _, out var written);
            line[written] = (byte)'\r';
            line[written + 1] = (byte)'\n';
            await Connection.WriteSecretAsync(line.AsMemory(0, written + 2), 0, cancellationToken);
        }
        finally
        {
            Array.Clear(line);
        }
    }

    /// <summary>Writes "<paramref name="prefix"/><paramref name="secret"/>" CRLF with only the prefix in the protocol log.</summary>
    public async ValueTask SendSecretCommandAsync(string prefix, string secret, CancellationToken cancellationToken)
    {
        var line = new byte[Encoding.UTF8.GetByteCount(prefix) + Encoding.UTF8.GetByteCount(secret) + 2];
        try
        {
            var written = Encoding.UTF8.GetBytes(prefix, line);
            var prefixLength = written;
            written += Encoding.UTF8.GetBytes(secret, line.AsSpan(written));
            line[written] = (byte)'\r';
            line[written + 1] = (byte)'\n';
            await Connection.WriteSecretAsync(line, prefixLength, cancellationToken);
        }
        finally
        {
            Array.Clear(line);
        }
    }

    /// <summary>Marks the connection broken and builds the error to throw for something the protocol does not allow.</summary>
    public MailProtocolException Garbage(string message)
    {
        Connection.MarkBroken();
        return new MailProtocolException(message);
    }

    /// <summary>The error for a -ERR answer, with the extended response code when the server gave one.</summary>
    public static MailCommandException CommandFailed(string command, Pop3StatusLine status)
    {
        var text = status.GetText();
        return new MailCommandException($"The POP3 server refused {command}: {text}", text) { ResponseCode = status.GetResponseCode() };
    }

    /// <summary>Server bytes made safe to show in a message: control characters replaced, long lines cut.</summary>
    public static string Quote(ReadOnlySpan<byte> data)
    {
        var text = Encoding.UTF8.GetString(data[..Math.Min(data.Length, MaxQuotedLength)]);
        var builder = new StringBuilder(text.Length + 3);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        if (data.Length > MaxQuotedLength)
        {
            builder.Append("...");
        }

        return builder.ToString();
    }
}
