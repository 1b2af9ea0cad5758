using System.Net;
using System.Net.Sockets;
using System.Text;
using AckPoller.Mail.Pop3;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Pop3;

/// <summary>A hand-driven POP3 server (with PIPELINING) on a loopback socket, for tests that need a real socket (bulk
/// receive mode): the test reads the client's commands and sends the answers itself.</summary>
internal sealed class LoopbackPop3Server : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private TcpClient? _accepted;
    private StreamReader? _reader;
    private Stream? _stream;

    public LoopbackPop3Server() => _listener.Start();

    public MailEndpoint Endpoint => new("127.0.0.1", ((IPEndPoint)_listener.LocalEndpoint).Port, TlsMode.None);

    /// <summary>Connects <paramref name="client"/>, accepts, greets, answers CAPA and a USER/PASS login.</summary>
    public async Task LoginAsync(Pop3Client client)
    {
        var connecting = client.ConnectAsync(Endpoint, default);
        _accepted = await _listener.AcceptTcpClientAsync();
        _stream = _accepted.GetStream();
        _reader = new StreamReader(_stream, Encoding.ASCII);
        await SendAsync("+OK ready");
        await ExpectAsync("CAPA");
        await SendAsync("+OK", "UIDL", "PIPELINING", ".");
        await connecting;
        var login = client.LoginAsync("user", "secret", default);
        await ExpectAsync("USER user");
        await SendAsync("+OK");
        await ExpectAsync("PASS secret");
        await SendAsync("+OK Logged in.");
        await login;
    }

    /// <summary>Answers LIST with <paramref name="count"/> messages of <paramref name="size"/> octets each.</summary>
    public async Task ListAsync(Pop3Client client, int count, int size)
    {
        var listing = client.ListAsync(default);
        await ExpectAsync("LIST");
        var lines = new List<string> { "+OK" };
        for (var i = 1; i <= count; i++)
        {
            lines.Add($"{i} {size}");
        }

        lines.Add(".");
        await SendAsync([.. lines]);
        Assert.Equal(count, (await listing).Count);
    }

    /// <summary>Reads "RETR n" for each message from <paramref name="first"/> to <paramref name="last"/> and answers each
    /// with a body of <paramref name="size"/> octets (CRLF included) starting "body n".</summary>
    public async Task AnswerRetrAsync(int first, int last, int size)
    {
        for (var i = first; i <= last; i++)
        {
            await ExpectAsync($"RETR {i}");
            await SendAsync($"+OK {size} octets", Body(i, size), ".");
        }
    }

    public static string Body(int number, int size) => $"body {number}".PadRight(size - 2, 'x');

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
