using AckPoller.Mail.Imap;
using AckPoller.Mail.Tests.Transport;

namespace AckPoller.Mail.Tests.Imap;

/// <summary>A hand-driven IMAP server on a loopback socket, for tests where timing matters (IDLE timeouts,
/// cancellation): the test sends lines and waits for the client's lines itself.</summary>
internal sealed class LoopbackImapServer : LoopbackLineServer
{
    /// <summary>Connects <paramref name="client"/>, accepts, greets, and answers LOGIN and SELECT INBOX (tags A001, A002).</summary>
    public async Task SelectInboxAsync(ImapClient client)
    {
        var connecting = client.ConnectAsync(Endpoint, default);
        await AcceptAsync();
        await SendAsync($"* OK [CAPABILITY {ImapSession.Capabilities}] ready");
        await connecting;
        var login = client.LoginAsync("user", "secret", default);
        await ExpectAsync("A001 LOGIN user secret");
        await SendAsync($"A001 OK [CAPABILITY {ImapSession.Capabilities}] Logged in");
        await login;
        var select = client.SelectAsync("INBOX", default);
        await ExpectAsync("A002 SELECT INBOX");
        await SendAsync("* 3 EXISTS", "* OK [UIDVALIDITY 42] ok", "A002 OK [READ-WRITE] done");
        await select;
    }
}
