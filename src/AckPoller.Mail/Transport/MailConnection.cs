using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Text;

namespace AckPoller.Mail.Transport;

/// <summary>One connection to a mail server: the socket or a given stream, TLS (implicit or upgraded),
/// one read buffer that hands out whole lines and exact byte counts, timeouts, and a redacting protocol log.
/// Any I/O failure, timeout or cancellation marks the connection broken: the conversation state is unknown.</summary>
public sealed class MailConnection : IAsyncDisposable
{
    private const int InitialBufferSize = 64 * 1024;
    private static readonly byte[] Redacted = "********"u8.ToArray();

    private readonly MailConnectionOptions _options;
    private readonly IProtocolLog? _log;
    private readonly OperationTimeout _readTimeout;
    private readonly OperationTimeout _writeTimeout;
    private Stream _stream;
    private BulkReceiveNetworkStream? _socketStream;
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _start;
    private int _end;
    private bool _broken;

    private MailConnection(Stream stream, string host, int port, MailConnectionOptions options, bool isSecure)
    {
        _stream = stream;
        Host = host;
        Port = port;
        _options = options;
        _log = options.ProtocolLog;
        _readTimeout = new OperationTimeout(options.ReadWriteTimeout);
        _writeTimeout = new OperationTimeout(options.ReadWriteTimeout);
        if (stream is SslStream ssl)
        {
            RecordTls(ssl);
        }

        IsSecure = isSecure;
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>True once TLS protects the connection (implicit, after STARTTLS, or a given SslStream).</summary>
    public bool IsSecure { get; private set; }

    /// <summary>The negotiated TLS version, e.g. Tls13, when TLS is active.</summary>
    public SslProtocols? TlsProtocol { get; private set; }

    /// <summary>The negotiated cipher suite, when TLS is active.</summary>
    public TlsCipherSuite? CipherSuite { get; private set; }

    /// <summary>False after an I/O error, timeout, cancellation or protocol violation, and after disposal.</summary>
    public bool IsUsable => !_broken;

    /// <summary>True when bytes the server sent are buffered but not yet read.</summary>
    public bool HasBufferedData => _end > _start;

    public MailConnectionOptions Options => _options;

    /// <summary>Opens a TCP connection and, for <see cref="TlsMode.Implicit"/>, negotiates TLS straight away.</summary>
    public static async Task<MailConnection> ConnectAsync(MailEndpoint endpoint, MailConnectionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(options.ConnectTimeout);
                try
                {
                    await socket.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new MailConnectionException($"Connecting to {endpoint.Host}:{endpoint.Port} timed out after {options.ConnectTimeout.TotalSeconds:0.#} s.");
                }
                catch (SocketException ex)
                {
                    throw new MailConnectionException($"Cannot connect to {endpoint.Host}:{endpoint.Port}: {ex.Message}", ex);
                }
            }

            var socketStream = new BulkReceiveNetworkStream(socket);
            var connection = new MailConnection(socketStream, endpoint.Host, endpoint.Port, options, isSecure: false) { _socketStream = socketStream };
            options.ProtocolLog?.Connected(endpoint.Host, endpoint.Port, endpoint.Tls == TlsMode.Implicit);
            if (endpoint.Tls == TlsMode.Implicit)
            {
                try
                {
                    await connection.NegotiateTlsAsync(cancellationToken);
                }
                catch
                {
                    await connection.DisposeAsync();
                    throw;
                }
            }

            return connection;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Wraps an already-open stream, e.g. a scripted transcript in a test, or a proxy tunnel.</summary>
    public static MailConnection FromStream(Stream stream, string host, int port, MailConnectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new MailConnection(stream, host, port, options ?? new MailConnectionOptions(), stream is SslStream);
    }

    /// <summary>Upgrades the connection to TLS after the server accepted STARTTLS/STLS.</summary>
    public async Task StartTlsAsync(CancellationToken cancellationToken)
    {
        ThrowIfBroken();
        if (IsSecure)
        {
            throw new InvalidOperationException("TLS is already active on this connection.");
        }

        if (HasBufferedData)
        {
            // Bytes that arrived before the TLS handshake were not protected by it (STARTTLS response injection).
            _broken = true;
            throw new MailProtocolException("The server sent data after accepting STARTTLS and before the TLS handshake; refusing to continue.");
        }

        await NegotiateTlsAsync(cancellationToken);
    }

    /// <summary>Reads one line, without its CRLF (a bare LF is accepted too). The memory is valid until the next read.</summary>
    public ValueTask<ReadOnlyMemory<byte>> ReadLineAsync(CancellationToken cancellationToken) => ReadLineAsync(logLine: true, cancellationToken);

    /// <summary>Reads one line of message content (a POP3 RETR body, say): like <see cref="ReadLineAsync(CancellationToken)"/>
    /// but kept out of the protocol log, which gets one <see cref="LogContentSummary"/> line instead.</summary>
    public ValueTask<ReadOnlyMemory<byte>> ReadContentLineAsync(CancellationToken cancellationToken) => ReadLineAsync(logLine: false, cancellationToken);

    /// <summary>Notes in the protocol log how much message content was read without being logged.</summary>
    public void LogContentSummary(long octets) => _log?.ServerSent(Encoding.ASCII.GetBytes($"<{octets} octets of message content>"));

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadOnlyMemory<byte>> ReadLineAsync(bool logLine, CancellationToken cancellationToken)
    {
        ThrowIfBroken();
        var scanFrom = _start;
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', scanFrom, _end - scanFrom);
            if (newline >= 0)
            {
                if (newline - _start > _options.MaxLineLength)
                {
                    _broken = true;
                    throw new MailProtocolException($"The server sent a line longer than {_options.MaxLineLength} bytes.");
                }

                var lineStart = _start;
                _start = newline + 1;
                var lineEnd = newline > lineStart && _buffer[newline - 1] == '\r' ? newline - 1 : newline;
                if (logLine)
                {
                    _log?.ServerSent(_buffer.AsSpan(lineStart, newline + 1 - lineStart));
                }

                return new ReadOnlyMemory<byte>(_buffer, lineStart, lineEnd - lineStart);
            }

            if (_end - _start >= _options.MaxLineLength)
            {
                _broken = true;
                throw new MailProtocolException($"The server sent a line longer than {_options.MaxLineLength} bytes.");
            }

            scanFrom = _end - _start;
            await FillAsync(cancellationToken);
            scanFrom += _start;
        }
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes (an IMAP literal, for example).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask ReadExactAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        ThrowIfBroken();
        var copied = 0;
        while (copied < destination.Length)
        {
            if (_end == _start)
            {
                var remaining = destination.Length - copied;
                if (remaining >= _buffer.Length)
                {
                    // Large literal: read straight into the destination, skipping the buffer copy.
                    copied += await ReadFromStreamAsync(destination[copied..], cancellationToken);
                    continue;
                }

                await FillAsync(cancellationToken);
            }

            var take = Math.Min(_end - _start, destination.Length - copied);
            _buffer.AsMemory(_start, take).CopyTo(destination[copied..]);
            _start += take;
            copied += take;
        }

        if (destination.Length > 0)
        {
            LogContentSummary(destination.Length);
        }
    }

    /// <summary>Writes bytes as they are and flushes.</summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        _log?.ClientSent(data.Span);
        return WriteToStreamAsync(data, cancellationToken);
    }

    /// <summary>Writes bytes of which only the first <paramref name="visiblePrefixLength"/> may appear in the protocol log;
    /// the rest (a password, a token, a SASL response) is replaced by asterisks there.</summary>
    public ValueTask WriteSecretAsync(ReadOnlyMemory<byte> data, int visiblePrefixLength, CancellationToken cancellationToken)
    {
        if (_log is not null)
        {
            var visible = Math.Clamp(visiblePrefixLength, 0, data.Length);
            var logged = new byte[visible + Redacted.Length + 2];
            data.Span[..visible].CopyTo(logged);
            Redacted.CopyTo(logged, visible);
            "\r\n"u8.CopyTo(logged.AsSpan(visible + Redacted.Length));
            _log.ClientSent(logged);
        }

        return WriteToStreamAsync(data, cancellationToken);
    }

    /// <summary>Writes an ASCII/UTF-8 line and CRLF.</summary>
    public ValueTask WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(line) + 2];
        var written = Encoding.UTF8.GetBytes(line, bytes);
        bytes[written] = (byte)'\r';
        bytes[written + 1] = (byte)'\n';
        return WriteAsync(bytes, cancellationToken);
    }

    /// <summary>Announces a long response (a bulk FETCH): until the scope is disposed, reads that find the socket empty
    /// let data pile up for a moment instead of waking per TCP segment (see <see cref="BulkReceiveNetworkStream"/>).
    /// Costs up to a millisecond at the end of the response, so only for responses expected to be long. No effect on
    /// a connection made with <see cref="FromStream"/>.</summary>
    internal BulkResponseScope ExpectBulkResponse() => new(_socketStream);

    /// <summary>Octets received since the connection opened (after TLS decryption).</summary>
    internal long BytesReceived { get; private set; }

    /// <summary>True inside <see cref="ExpectBulkResponse"/> on a socket connection where bulk mode works (Linux).</summary>
    internal bool ExpectsBulkResponse => _socketStream?.BulkMode ?? false;

    /// <summary>How many reads waited for a bulk of data (0 unless <see cref="ExpectBulkResponse"/> was used).</summary>
    internal long BulkWaits => _socketStream?.BulkWaits ?? 0;

    /// <summary>Marks the connection unusable, e.g. after the protocol layer found garbage.</summary>
    public void MarkBroken() => _broken = true;

    /// <summary>Gives the read in progress the whole ReadWriteTimeout again from now: for a read started long before the
    /// command whose answer it now waits for (IMAP IDLE's tagged OK after DONE).</summary>
    internal void ExtendPendingRead() => _readTimeout.Extend();

    public async ValueTask DisposeAsync()
    {
        _broken = true;
        await _stream.DisposeAsync();
        _readTimeout.Dispose();
        _writeTimeout.Dispose();
    }

    private async Task NegotiateTlsAsync(CancellationToken cancellationToken)
    {
        var validator = new ServerCertificateValidator(_options.Tls);
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        var authOptions = new SslClientAuthenticationOptions
        {
            TargetHost = Host,
            EnabledSslProtocols = _options.Tls.Protocols,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) => validator.Validate(certificate, chain, errors),
        };

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        try
        {
            await ssl.AuthenticateAsClientAsync(authOptions, timeout.Token);
        }
        catch (AuthenticationException ex)
        {
            _broken = true;
            var reason = validator.LastFailure ?? ex.InnerException?.Message ?? ex.Message;
            throw new MailTlsException($"TLS with {Host}:{Port} failed: {reason}", ex);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _broken = true;
            throw new MailTlsException($"The TLS handshake with {Host}:{Port} timed out.");
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            _broken = true;
            throw new MailTlsException($"TLS with {Host}:{Port} failed: {ex.Message}", ex);
        }

        _stream = ssl;
        RecordTls(ssl);
        IsSecure = true;
    }

    private void RecordTls(SslStream ssl)
    {
        if (ssl.IsAuthenticated)
        {
            TlsProtocol = ssl.SslProtocol;
            CipherSuite = ssl.NegotiatedCipherSuite;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0 && _start == _end)
        {
            _start = _end = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
        }

        _end += await ReadFromStreamAsync(_buffer.AsMemory(_end), cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadFromStreamAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        int read;
        try
        {
            read = await _stream.ReadAsync(destination, _readTimeout.Start(cancellationToken));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _broken = true;
            throw new MailConnectionException($"The server {Host}:{Port} did not answer within {_options.ReadWriteTimeout.TotalSeconds:0.#} s.");
        }
        catch (OperationCanceledException)
        {
            _broken = true;
            throw;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            _broken = true;
            throw new MailConnectionException($"Reading from {Host}:{Port} failed: {ex.Message}", ex);
        }

        if (read == 0)
        {
            _broken = true;
            throw new MailConnectionException($"The server {Host}:{Port} closed the connection.");
        }

        BytesReceived += read;
        return read;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WriteToStreamAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ThrowIfBroken();
        try
        {
            var timeout = _writeTimeout.Start(cancellationToken);
            await _stream.WriteAsync(data, timeout);
            await _stream.FlushAsync(timeout);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _broken = true;
            throw new MailConnectionException($"Writing to {Host}:{Port} timed out after {_options.ReadWriteTimeout.TotalSeconds:0.#} s.");
        }
        catch (OperationCanceledException)
        {
            _broken = true;
            throw;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            _broken = true;
            throw new MailConnectionException($"Writing to {Host}:{Port} failed: {ex.Message}", ex);
        }
    }

    private void ThrowIfBroken()
    {
        if (_broken)
        {
            throw new MailConnectionException($"The connection to {Host}:{Port} is closed or broken; reconnect.");
        }
    }
}
