using System.Net.Sockets;
using System.Text;
using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.Polling;

/// <summary>Hands a message straight to Dovecot's LMTP port, past Postfix, whose cleanup would repair a broken
/// message (it adds a missing From:). Only for delivering deliberately malformed mail.</summary>
internal static class LmtpDelivery
{
    public static async Task DeliverAsync(SandboxSettings settings, string to, byte[] message)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", settings.Ports.Lmtp);
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.Latin1);
        await ExpectAsync(reader, "220");
        await SendAsync(stream, "LHLO test.local");
        await ExpectAsync(reader, "250");
        await SendAsync(stream, "MAIL FROM:<sender@contoso.com>");
        await ExpectAsync(reader, "250");
        await SendAsync(stream, $"RCPT TO:<{to}>");
        await ExpectAsync(reader, "250");
        await SendAsync(stream, "DATA");
        await ExpectAsync(reader, "354");
        var text = Encoding.Latin1.GetString(message).Replace("\r\n.", "\r\n..", StringComparison.Ordinal);
        await stream.WriteAsync(Encoding.Latin1.GetBytes(text.EndsWith("\r\n", StringComparison.Ordinal) ? text : text + "\r\n"));
        await SendAsync(stream, ".");
        await ExpectAsync(reader, "250");
        await SendAsync(stream, "QUIT");
    }

    private static async Task SendAsync(NetworkStream stream, string line) => await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));

    private static async Task ExpectAsync(StreamReader reader, string code)
    {
        while (true)
        {
            var line = await reader.ReadLineAsync() ?? throw new IOException("The sandbox LMTP server closed the connection.");
            if (line.Length >= 4 && line[3] == '-')
            {
                continue;
            }

            if (!line.StartsWith(code, StringComparison.Ordinal))
            {
                throw new IOException($"Sandbox LMTP expected {code}, got: {line}");
            }

            return;
        }
    }
}
