using System.Net.Sockets;
using System.Text;
using AckPoller.Sandbox;

namespace AckPoller.TestSupport;

/// <summary>Puts a raw message into a sandbox mailbox through Postfix's plain injection port (loopback, no AUTH),
/// independent of the SMTP client under test, so IMAP/POP3 tests do not depend on it.</summary>
public static class SandboxMail
{
    public static async Task DeliverAsync(SandboxSettings settings, string from, string to, byte[] message, CancellationToken cancellationToken = default)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", settings.Ports.SmtpInject, cancellationToken);
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        await ExpectAsync(reader, "220", cancellationToken);
        await SendAsync(stream, "EHLO test.local", cancellationToken);
        await ExpectAsync(reader, "250", cancellationToken);
        await SendAsync(stream, $"MAIL FROM:<{from}>", cancellationToken);
        await ExpectAsync(reader, "250", cancellationToken);
        await SendAsync(stream, $"RCPT TO:<{to}>", cancellationToken);
        await ExpectAsync(reader, "250", cancellationToken);
        await SendAsync(stream, "DATA", cancellationToken);
        await ExpectAsync(reader, "354", cancellationToken);
        await stream.WriteAsync(DotStuff(message), cancellationToken);
        await SendAsync(stream, ".", cancellationToken);
        await ExpectAsync(reader, "250", cancellationToken);
        await SendAsync(stream, "QUIT", cancellationToken);
    }

    /// <summary>A small plain-text message with a unique Message-ID.</summary>
    public static byte[] SimpleMessage(string from, string to, string subject, string body) =>
        Encoding.UTF8.GetBytes(
            $"From: <{from}>\r\nTo: <{to}>\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@sandbox.test>\r\n" +
            $"Date: {DateTimeOffset.UtcNow:ddd, dd MMM yyyy HH:mm:ss} +0000\r\nMIME-Version: 1.0\r\n" +
            $"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n");

    private static byte[] DotStuff(byte[] message)
    {
        var text = Encoding.Latin1.GetString(message).Replace("\r\n.", "\r\n..", StringComparison.Ordinal);
        if (text.StartsWith('.'))
        {
            text = "." + text;
        }

        if (!text.EndsWith("\r\n", StringComparison.Ordinal))
        {
            text += "\r\n";
        }

        return Encoding.Latin1.GetBytes(text);
    }

    private static async Task SendAsync(NetworkStream stream, string line, CancellationToken cancellationToken) =>
        await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), cancellationToken);

    private static async Task ExpectAsync(StreamReader reader, string code, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken) ?? throw new IOException("The sandbox SMTP server closed the connection.");
            if (line.Length >= 4 && line[3] == '-')
            {
                continue;
            }

            if (!line.StartsWith(code, StringComparison.Ordinal))
            {
                throw new IOException($"Sandbox SMTP injection expected {code}, got: {line}");
            }

            return;
        }
    }
}
