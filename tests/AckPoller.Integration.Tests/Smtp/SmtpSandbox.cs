using System.Text;
using AckPoller.Mail.Smtp;
using AckPoller.Mail.Transport;
using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.Smtp;

/// <summary>Endpoints, TLS trust and a delivery check for the sandbox's Postfix submission ports.</summary>
internal static class SmtpSandbox
{
    public static MailEndpoint Endpoint(SandboxSettings settings, TlsMode tls) => tls switch
    {
        TlsMode.Implicit => new MailEndpoint(settings.Host, settings.Ports.Smtps, TlsMode.Implicit),
        _ => new MailEndpoint(settings.Host, settings.Ports.Submission, tls),
    };

    /// <summary>A token for <paramref name="user"/>. Dovecot 2.3's local JWT validation also requires a "sub" claim,
    /// which JwtMinter.Mint does not add by itself.</summary>
    public static string Token(JwtMinter minter, string user, TimeSpan? lifetime = null) =>
        minter.Mint(user, lifetime, new Dictionary<string, object> { ["sub"] = user });

    public static MailConnectionOptions Options(SandboxSettings settings, IProtocolLog? log = null) => new()
    {
        Tls = new TlsOptions { ExtraCaFile = settings.CaFile },
        ProtocolLog = log,
        ConnectTimeout = TimeSpan.FromSeconds(15),
        ReadWriteTimeout = TimeSpan.FromSeconds(30),
    };

    public static async Task<SmtpClient> ConnectAsync(SandboxSettings settings, TlsMode tls, IProtocolLog? log, CancellationToken cancellationToken)
    {
        var client = new SmtpClient(Options(settings, log)) { LocalDomain = "client.sandbox.test" };
        await client.ConnectAsync(Endpoint(settings, tls), cancellationToken);
        return client;
    }

    /// <summary>Polls the recipient's maildir (the sandbox's Dovecot stores mail/DOMAIN/LOCAL/Maildir) until a message
    /// containing <paramref name="marker"/> arrives; returns its raw bytes as text.</summary>
    public static async Task<string> WaitForDeliveryAsync(SandboxSettings settings, string address, string marker, TimeSpan timeout)
    {
        var at = address.LastIndexOf('@');
        var maildir = Path.Combine(settings.Directory, "mail", address[(at + 1)..].ToLowerInvariant(), address[..at].ToLowerInvariant(), "Maildir");
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var folder in new[] { "new", "cur" })
            {
                var path = Path.Combine(maildir, folder);
                if (!Directory.Exists(path))
                {
                    continue;
                }

                foreach (var file in Directory.EnumerateFiles(path))
                {
                    var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file));
                    if (text.Contains(marker, StringComparison.Ordinal))
                    {
                        return text;
                    }
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No message with '{marker}' arrived in {maildir} within {timeout.TotalSeconds:0} s.");
    }
}
