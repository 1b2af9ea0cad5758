using System.Net;
using System.Net.Sockets;
using System.Text;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Transport;

/// <summary>A hand-driven line-based server on a loopback socket, for tests where a real socket or timing matters: the
/// test accepts the client, sends lines and waits for the client's lines itself. Protocol servers build on it.</summary>
internal class LoopbackLineServer : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private TcpClient? _accepted;
    private StreamReader? _reader;
    private Stream? _stream;

    public LoopbackLineServer() => _listener.Start();

    public MailEndpoint Endpoint => new("127.0.0.1", ((IPEndPoint)_listener.LocalEndpoint).Port, TlsMode.None);

    /// <summary>Accepts the connection a client is making.</summary>
    public async Task AcceptAsync()
    {
        _accepted = await _listener.AcceptTcpClientAsync();
        _stream = _accepted.GetStream();
        _reader = new StreamReader(_stream, Encoding.ASCII);
    }

    public async Task SendAsync(params string[] lines)
    {
        var bytes = Encoding.ASCII.GetBytes(string.Concat(lines.Select(l => l + "\r\n")));
        await _stream!.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    public async Task<string> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await _reader!.ReadLineAsync(timeout.Token) ?? throw new IOException("The client closed the connection.");
    }

    public async Task ExpectAsync(string expected) => Assert.Equal(expected, await ReadLineAsync());

    public ValueTask DisposeAsync()
    {
        _accepted?.Dispose();
        _listener.Stop();
        _listener.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
