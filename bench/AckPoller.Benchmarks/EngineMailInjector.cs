using System.Net.Sockets;
using System.Text;
using AckPoller.Sandbox;

namespace AckPoller.Benchmarks;

/// <summary>Hands replies to the sandbox Postfix (plain injection port), several per SMTP session, and says when each
/// was accepted (the 250 after DATA).</summary>
internal sealed class EngineMailInjector : IAsyncDisposable
{
    private readonly TcpClient _client = new();
    private NetworkStream _stream = null!;
    private StreamReader _reader = null!;

    public static async Task<EngineMailInjector> ConnectAsync(SandboxSettings settings)
    {
        var injector = new EngineMailInjector();
        await injector._client.ConnectAsync("127.0.0.1", settings.Ports.SmtpInject);
        injector._stream = injector._client.GetStream();
        injector._reader = new StreamReader(injector._stream, Encoding.ASCII);
        await injector.ExpectAsync("220");
        await injector.CommandAsync("EHLO bench.local", "250");
        return injector;
    }

    /// <summary>Sends one reply; returns when the server answered 250 to its DATA.</summary>
    public async Task SendAsync(string from, string to, string subject, string body)
    {
        await CommandAsync($"MAIL FROM:<{from}>", "250");
        await CommandAsync($"RCPT TO:<{to}>", "250");
        await CommandAsync("DATA", "354");
        var message = $"From: <{from}>\r\nTo: <{to}>\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@{EngineWorker.SenderDomain}>\r\n" +
            $"Date: {DateTimeOffset.UtcNow:ddd, dd MMM yyyy HH:mm:ss} +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n\r\n> Reply \"ack\" to acknowledge.\r\n.\r\n";
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(message));
        await ExpectAsync("250");
    }

    private async Task CommandAsync(string line, string code)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
        await ExpectAsync(code);
    }

    private async Task ExpectAsync(string code)
    {
        while (true)
        {
            var line = await _reader.ReadLineAsync() ?? throw new IOException("Postfix closed the connection.");
            if (line.Length >= 4 && line[3] == '-')
            {
                continue;
            }

            if (!line.StartsWith(code, StringComparison.Ordinal))
            {
                throw new IOException($"Expected {code}, got: {line}");
            }

            return;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CommandAsync("QUIT", "221");
        }
        catch (IOException)
        {
        }

        _client.Dispose();
    }
}
