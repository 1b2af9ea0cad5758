using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.Mime.Parsing;

/// <summary>Fetches the first message of a sandbox mailbox as raw bytes over POP3S with USER/PASS, independent of the POP3
/// client under development, so the parser is tested on exactly what Postfix and Dovecot delivered.</summary>
internal static class RawPop3Retriever
{
    public static async Task<byte[]> WaitForFirstMessageAsync(SandboxSettings settings, string user, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var message = await TryRetrieveFirstAsync(settings, user, cancellationToken);
            if (message is not null)
            {
                return message;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No message arrived for {user} within {timeout}.");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private static async Task<byte[]?> TryRetrieveFirstAsync(SandboxSettings settings, string user, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(settings.Host, settings.Ports.Pop3s, cancellationToken);
        using var ca = X509CertificateLoader.LoadCertificateFromFile(settings.CaFile);
        await using var tls = new SslStream(client.GetStream(), false, (_, certificate, _, _) => IsIssuedBy(certificate, ca));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = settings.Host }, cancellationToken);
        var reader = new LineReader(tls);
        await ExpectOkAsync(reader, cancellationToken);
        await SendAsync(tls, $"USER {user}", cancellationToken);
        await ExpectOkAsync(reader, cancellationToken);
        await SendAsync(tls, $"PASS {settings.Password}", cancellationToken);
        await ExpectOkAsync(reader, cancellationToken);
        await SendAsync(tls, "STAT", cancellationToken);
        var stat = await ExpectOkAsync(reader, cancellationToken);
        if (stat.StartsWith("+OK 0 ", StringComparison.Ordinal))
        {
            await SendAsync(tls, "QUIT", cancellationToken);
            return null;
        }

        await SendAsync(tls, "RETR 1", cancellationToken);
        await ExpectOkAsync(reader, cancellationToken);
        var message = new MemoryStream();
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken);
            if (line is [(byte)'.'])
            {
                break;
            }

            message.Write(line.Length > 0 && line[0] == (byte)'.' ? line.AsSpan(1) : line);
            message.Write("\r\n"u8);
        }

        await SendAsync(tls, "QUIT", cancellationToken);
        return message.ToArray();
    }

    private static bool IsIssuedBy(X509Certificate? certificate, X509Certificate2 ca)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private static Task SendAsync(Stream stream, string line, CancellationToken cancellationToken) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), cancellationToken).AsTask();

    private static async Task<string> ExpectOkAsync(LineReader reader, CancellationToken cancellationToken)
    {
        var line = Encoding.ASCII.GetString(await reader.ReadLineAsync(cancellationToken));
        return line.StartsWith("+OK", StringComparison.Ordinal) ? line : throw new IOException($"POP3 server said: {line}");
    }

    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] buffer = new byte[8192];
        private int start;
        private int end;

        public async Task<byte[]> ReadLineAsync(CancellationToken cancellationToken)
        {
            var line = new MemoryStream();
            while (true)
            {
                if (start == end)
                {
                    start = 0;
                    end = await stream.ReadAsync(buffer, cancellationToken);
                    if (end == 0)
                    {
                        throw new IOException("The POP3 server closed the connection.");
                    }
                }

                var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
                if (newline < 0)
                {
                    line.Write(buffer, start, end - start);
                    start = end;
                    continue;
                }

                line.Write(buffer, start, newline - start);
                start = newline + 1;
                var bytes = line.ToArray();
                return bytes.Length > 0 && bytes[^1] == (byte)'\r' ? bytes[..^1] : bytes;
            }
        }
    }
}
