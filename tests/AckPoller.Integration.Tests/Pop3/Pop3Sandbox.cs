using AckPoller.Mail.Pop3;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Transport;
using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.Pop3;

/// <summary>Connects POP3 clients to the running sandbox Dovecot and waits for delivered mail.</summary>
internal static class Pop3Sandbox
{
    public static MailEndpoint Endpoint(SandboxSettings settings, bool implicitTls) =>
        implicitTls
            ? new MailEndpoint(settings.Host, settings.Ports.Pop3s, TlsMode.Implicit)
            : new MailEndpoint(settings.Host, settings.Ports.Pop3, TlsMode.StartTls);

    /// <summary>A token for <paramref name="user"/>. Dovecot 2.3's local JWT validation also insists on a "sub"
    /// claim, which the shared minter does not add (yet), so it is added here.</summary>
    public static string Token(JwtMinter minter, string user, TimeSpan? lifetime = null) =>
        minter.Mint(user, lifetime, new Dictionary<string, object> { ["sub"] = user });

    public static async Task<Pop3Client> ConnectAsync(SandboxSettings settings, bool implicitTls, CancellationToken ct = default)
    {
        var client = new Pop3Client(new MailConnectionOptions
        {
            Tls = new TlsOptions { ExtraCaFile = settings.CaFile },
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ReadWriteTimeout = TimeSpan.FromSeconds(30),
        });
        try
        {
            await client.ConnectAsync(Endpoint(settings, implicitTls), ct);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public static async Task<Pop3Client> LoginAsync(SandboxSettings settings, string user, bool implicitTls = true, CancellationToken ct = default)
    {
        var client = await ConnectAsync(settings, implicitTls, ct);
        await client.AuthenticateAsync(MailCredentials.FromPassword(user, settings.Password), "PLAIN", ct);
        return client;
    }

    /// <summary>Delivers through Postfix and waits until Dovecot shows <paramref name="expectedCount"/> messages
    /// (delivery over LMTP is asynchronous).</summary>
    public static async Task DeliverAndWaitAsync(SandboxSettings settings, string user, byte[] message, int expectedCount)
    {
        await SandboxMail.DeliverAsync(settings, settings.NewAddress("sender"), user, message);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            await using (var client = await LoginAsync(settings, user))
            {
                var stat = await client.StatAsync(default);
                await client.QuitAsync(default);
                if (stat.Count >= expectedCount)
                {
                    return;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The sandbox did not deliver the test message to {user} within 30 s.");
            }

            await Task.Delay(200);
        }
    }
}
