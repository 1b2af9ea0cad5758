using AckPoller.Core.Diagnostics;
using AckPoller.Core.Tests.Support;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Transport;

namespace AckPoller.Core.Tests.Diagnostics;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class MailProbePreauthTests
{
    [Fact]
    public async Task A_preauth_greeting_is_reported_as_authenticated_without_sending_credentials()
    {
        await using var server = new ScriptedTcpServer("""
            S: * PREAUTH [CAPABILITY IMAP4rev1 IDLE] Logged in as alice
            C: A001 EXAMINE INBOX
            S: * 4 EXISTS
            S: * OK [UIDVALIDITY 9] ok
            S: A001 OK [READ-ONLY] done
            C: A002 LOGOUT
            S: * BYE bye
            S: A002 OK done
            """);
        var target = new ProbeTarget(MailProtocol.Imap, new MailEndpoint("127.0.0.1", server.Port, TlsMode.None));
        var report = await new MailProbe().RunAsync(
            new ProbeRequest(target) { Credentials = MailCredentials.FromPassword("alice", "secret"), Timeout = TimeSpan.FromSeconds(10) }, default);

        Assert.Null(report.Error);
        Assert.True(report.Authenticated);
        Assert.Equal("PREAUTH", report.Mechanism);
        Assert.Equal(4, report.Messages);
        await server.Done;
    }
}
