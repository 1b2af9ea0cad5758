using AckPoller.Core.Diagnostics;
using AckPoller.Core.Tests.Support;
using AckPoller.Mail;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Transport;

namespace AckPoller.Core.Tests.Diagnostics;

/// <summary>The probe's steps, shared by `probe` and `test`: a failure is reported against the step it happened in, what
/// was learnt before it stays, and a login retried on a second connection reports the connection once.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class MailProbeStepTests
{
    [Fact]
    public async Task A_refused_examine_fails_at_the_mailbox_step_and_keeps_what_was_learnt()
    {
        await using var server = new ScriptedTcpServer("""
            S: * PREAUTH [CAPABILITY IMAP4rev1 IDLE] Logged in as alice
            C: A001 EXAMINE INBOX
            S: A001 NO [NONEXISTENT] no such mailbox
            """);
        var target = new ProbeTarget(MailProtocol.Imap, new MailEndpoint("127.0.0.1", server.Port, TlsMode.None));

        var report = await new MailProbe().RunAsync(new ProbeRequest(target) { Timeout = TimeSpan.FromSeconds(10) }, default);

        Assert.True(report.Authenticated);
        Assert.Contains("IDLE", report.Capabilities);
        Assert.Null(report.Messages);
        Assert.Equal("refused", report.Error?.Kind);
        Assert.Contains("no such mailbox", report.Error?.ServerResponse, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_opened_twice_reports_its_connection_once_and_a_failed_connect_is_at_the_connect_step()
    {
        // As `test` does when the server refuses a token: the account's session opens a second connection with a fresh one.
        await using var server = new ScriptedTcpServer(
            "S: * PREAUTH [CAPABILITY IMAP4rev1] first",
            """
            S: * PREAUTH [CAPABILITY IMAP4rev1] second
            C: A001 LOGOUT
            S: * BYE bye
            S: A001 OK done
            """);
        var connected = new List<string>();
        var progress = new ProbeProgress { Connected = client => Task.Run(() => connected.Add(string.Join(' ', client.Capabilities))) };
        var endpoint = new MailEndpoint("127.0.0.1", server.Port, TlsMode.None);
        var options = new MailConnectionOptions { ConnectTimeout = TimeSpan.FromSeconds(10), ReadWriteTimeout = TimeSpan.FromSeconds(10) };

        await using (var first = await MailProbe.OpenAsync(new ImapClient(options), endpoint, credentials: null, mechanism: null, progress, default))
        {
            Assert.Equal(ProbeStep.Authenticate, progress.Step);
        }

        await using (var second = await MailProbe.OpenAsync(new ImapClient(options), endpoint, credentials: null, mechanism: null, progress, default))
        {
            Assert.True(second.IsAuthenticated);
            await MailProbe.CloseAsync(second, default);
        }

        await server.Done;
        Assert.Single(connected);

        var closed = new MailEndpoint("127.0.0.1", 1, TlsMode.None);
        await Assert.ThrowsAnyAsync<MailException>(() => MailProbe.OpenAsync(new ImapClient(options), closed, null, null, progress, default));
        Assert.Equal(ProbeStep.Connect, progress.Step);
    }
}
