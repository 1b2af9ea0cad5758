using System.Net;
using System.Net.Sockets;
using System.Text;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Imap;

/// <summary>A hand-driven IMAP server on a loopback socket, for tests where timing matters (IDLE timeouts,
/// cancellation): the test sends lines and waits for the client's lines itself.</summary>
internal sealed class LoopbackImapServer : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private TcpClient? _accepted;
    private StreamReader? _reader;
    private Stream? _stream;

    public LoopbackImapServer() => _listener.Start();

    public MailEndpoint Endpoint => new("127.0.0.1", ((IPEndPoint)_listener.LocalEndpoint).Port, TlsMode.None);

    /// <summary>Connects <paramref name="client"/>, accepts, greets, and answers LOGIN and SELECT INBOX (tags A001, A002).</summary>
    public async Task SelectInboxAsync(ImapClient client)
    {
        var connecting = client.ConnectAsync(Endpoint, default);
        _accepted = await _listener.AcceptTcpClientAsync();
        _stream = _accepted.GetStream();
        _reader = new StreamReader(_stream, Encoding.ASCII);
        await SendAsync($"* OK [CAPABILITY {ImapSession.Capabilities}] ready");
        await connecting;
        var login = client.LoginAsync("user", "secret", default);
        await ExpectAsync("A001 LOGIN user secret");
        await SendAsync($"A001 OK [CAPABILITY {ImapSession.Capabilities}] Logged in");
        await login;
        var select = client.SelectAsync("INBOX", default);
        await ExpectAsync("A002 SELECT INBOX");
        await SendAsync("* 3 EXISTS", "* OK [UIDVALIDITY 42] ok", "A002 OK [READ-WRITE] done");
        await select;
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
        return ValueTask.CompletedTask;
    }
}
