using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.Sandbox;

/// <summary>A bare line-based session with a sandbox server (raw IMAP/POP3/SMTP commands), trusting only the sandbox CA.
/// Deliberately independent of the project's mail clients: these tests check the sandbox itself.</summary>
internal sealed class RawSession : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly string _host;
    private readonly X509Certificate2 _ca;
    private Stream _stream;
    private StreamReader _reader;

    private RawSession(TcpClient client, string host, X509Certificate2 ca)
    {
        _client = client;
        _host = host;
        _ca = ca;
        _stream = client.GetStream();
        _reader = NewReader(_stream);
    }

    public bool IsTls => _stream is SslStream;

    /// <summary>Connects to <paramref name="address"/> (default: the settings' host), with implicit TLS if asked.</summary>
    public static async Task<RawSession> ConnectAsync(SandboxSettings settings, int port, bool implicitTls, CancellationToken ct, string? address = null)
    {
        var client = new TcpClient();
        await client.ConnectAsync(address ?? settings.Host, port, ct);
        var session = new RawSession(client, settings.Host, X509Certificate2.CreateFromPem(File.ReadAllText(settings.CaFile)));
        if (implicitTls)
        {
            await session.UpgradeToTlsAsync(ct);
        }

        return session;
    }

    public async Task UpgradeToTlsAsync(CancellationToken ct)
    {
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false, ValidateWithSandboxCa);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = _host }, ct);
        _stream = tls;
        _reader = NewReader(tls);
    }

    public async Task SendAsync(string line, CancellationToken ct) =>
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), ct);

    public async Task<string> ReadLineAsync(CancellationToken ct) =>
        await _reader.ReadLineAsync(ct) ?? throw new IOException("The sandbox server closed the connection.");

    /// <summary>Reads lines until one starts with <paramref name="prefix"/>; returns every line read, that one last.</summary>
    public async Task<List<string>> ReadUntilAsync(string prefix, CancellationToken ct)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync(ct);
            lines.Add(line);
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return lines;
            }
        }
    }

    /// <summary>Reads an SMTP reply (all its continuation lines); returns the lines.</summary>
    public async Task<List<string>> ReadSmtpReplyAsync(CancellationToken ct)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync(ct);
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
            {
                return lines;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
        _ca.Dispose();
    }

    private static StreamReader NewReader(Stream stream) => new(stream, Encoding.Latin1, false, 4096, leaveOpen: true);

    private bool ValidateWithSandboxCa(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None || certificate is null)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(_ca);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }
}
