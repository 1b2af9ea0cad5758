using AckPoller.Mail.Imap;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Transport;

[Trait("Category", "Unit")]
public sealed class MailClientSessionTests
{
    [Fact]
    public async Task A_refused_login_closes_the_connection_and_rethrows()
    {
        await using var server = new LoopbackLineServer();
        var client = new ImapClient(new MailConnectionOptions { ReadWriteTimeout = TimeSpan.FromSeconds(10) });
        var opening = client.OpenAsync(server.Endpoint, MailCredentials.FromPassword("user", "wrong"), "PLAIN", default);
        await server.AcceptAsync();
        await server.SendAsync("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] ready");
        Assert.StartsWith("A001 AUTHENTICATE PLAIN", await server.ReadLineAsync(), StringComparison.Ordinal);
        await server.SendAsync("A001 NO [AUTHENTICATIONFAILED] Authentication failed.");

        await Assert.ThrowsAsync<MailAuthenticationException>(() => opening);
        await Assert.ThrowsAsync<IOException>(() => server.ReadLineAsync());
    }

    [Fact]
    public async Task A_successful_login_returns_the_same_client_authenticated()
    {
        await using var server = new LoopbackLineServer();
        await using var client = new ImapClient(new MailConnectionOptions { ReadWriteTimeout = TimeSpan.FromSeconds(10) });
        var opening = client.OpenAsync(server.Endpoint, MailCredentials.FromPassword("user", "secret"), "PLAIN", default);
        await server.AcceptAsync();
        await server.SendAsync("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] ready");
        Assert.StartsWith("A001 AUTHENTICATE PLAIN", await server.ReadLineAsync(), StringComparison.Ordinal);
        await server.SendAsync("A001 OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] Logged in.");

        Assert.Same(client, await opening);
        Assert.Equal("PLAIN", client.AuthenticatedMechanism);
    }
}
