using AckPoller.Mail.Imap;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Transport;
using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.Imap;

/// <summary>Endpoints, options and logged-in clients for the sandbox Dovecot.</summary>
internal static class ImapSandbox
{
    public static MailConnectionOptions Options(SandboxSettings settings) =>
        new() { Tls = new TlsOptions { ExtraCaFile = settings.CaFile } };

    public static MailEndpoint StartTls(SandboxSettings settings, string? host = null) => new(host ?? settings.Host, settings.Ports.Imap, TlsMode.StartTls);

    public static MailEndpoint Implicit(SandboxSettings settings) => new(settings.Host, settings.Ports.Imaps, TlsMode.Implicit);

    public static MailEndpoint Endpoint(SandboxSettings settings, string kind) => kind switch
    {
        "starttls" => StartTls(settings),
        "implicit" => Implicit(settings),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A client logged in as <paramref name="user"/> with a trusted token over IMAPS.</summary>
    public static async Task<ImapClient> LoginAsync(SandboxSettings settings, string user, string mechanism = "XOAUTH2")
    {
        using var minter = JwtMinter.Trusted(settings);
        var client = new ImapClient(Options(settings));
        try
        {
            await client.ConnectAsync(Implicit(settings), default);
            await client.AuthenticateAsync(MailCredentials.FromAccessToken(user, minter.Mint(user)), mechanism);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }
}
