using System.Text;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Tests.Transcripts;
using AckPoller.Mail.Tests.Transport;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Imap;

/// <summary>What real IMAP servers send that a strict reading of the RFC would refuse (issue 10), each played from its
/// own bytes whole, line by line and byte by byte.</summary>
[Trait("Category", "Unit")]
public class ImapRealWorldShapesTests
{
    [Fact]
    public async Task Exchange_bare_copyuid_line_after_uid_move_is_read_as_an_untagged_ok()
    {
        var script = ImapSession.Selected() + """
            C: A003 UID MOVE 31 Processed
            S: [COPYUID 55 31 6]
            S: * 1 EXPUNGE
            S: * 2 EXISTS
            S: A003 OK MOVE completed.
            C: A004 NOOP
            S: A004 OK NOOP completed.
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            await client.UidMoveAsync(UidSet.Single(31), "Processed", default);
            Assert.True(client.Connection!.IsUsable);
            await client.NoopAsync(default);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Multipart_bodystructure_and_envelope_lists_without_spaces_are_skipped()
    {
        var script = ImapSession.Selected() + """
            C: A003 UID FETCH 1:* (UID FLAGS)
            S: * 1 FETCH (UID 7 BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 1152 23)("AUDIO" "BASIC" NIL NIL NIL "BASE64" 2048) "MIXED") ENVELOPE ("Wed, 17 Jul 1996 02:23:25 -0700" "hi" (("Terry Gray" NIL "gray" "cac.washington.edu")) NIL NIL (("A" NIL "a" "x.test")("B" NIL "b" "x.test")) NIL NIL NIL "<B27397-0100000@cac.washington.edu>") FLAGS (\Seen))
            S: A003 OK done
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            var messages = await client.UidFetchAsync(UidSet.All, ImapFetchItems.Flags, default);
            var message = Assert.Single(messages);
            Assert.Equal(7u, message.Uid);
            Assert.Equal([@"\Seen"], message.Flags);
        });
    }

    [Fact]
    public async Task A_section_returned_without_a_value_is_survived()
    {
        var script = ImapSession.Selected() + """
            C: A003 UID FETCH 1:* (UID BODY.PEEK[])
            S: * 1 FETCH (UID 7 BODY[2] )
            S: * 2 FETCH (UID 8 BODY[] {4}
            S: ok
            S: )
            S: A003 OK done
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            var message = Assert.Single(await client.UidFetchAsync(UidSet.All, ImapFetchItems.Body, default));
            Assert.Equal(8u, message.Uid);
            Assert.Equal("ok\r\n", Encoding.ASCII.GetString(message.Body!));
            Assert.True(client.Connection!.IsUsable);
        });
    }

    [Fact]
    public async Task Office365_fetch_with_flags_and_no_body_reports_no_message()
    {
        var script = ImapSession.Selected() + """
            C: A003 UID FETCH 5 (UID BODY.PEEK[])
            S: * 1 FETCH (UID 5 FLAGS (\Seen))
            S: A003 OK FETCH completed.
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            Assert.Empty(await client.UidFetchAsync(UidSet.Single(5), ImapFetchItems.Body, default));
        });
    }

    [Fact]
    public async Task Password_login_falls_back_to_the_login_command_over_tls_when_no_sasl_is_advertised()
    {
        // Lower-case capability names, no AUTH= at all: the LOGIN command is the only way in.
        var script = """
            S: * OK [CAPABILITY imap4rev1 starttls] Server ready
            C: A001 LOGIN user secret
            S: A001 OK [CAPABILITY imap4rev1 move] Logged in
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = new ImapClient();
            await client.ConnectAsync(new PretendTlsStream(stream), "imap.test", 993, TlsMode.Implicit, default);
            await client.AuthenticateAsync(MailCredentials.FromPassword("user", "secret"), null, default);
            Assert.True(client.IsAuthenticated);
            Assert.Equal("LOGIN", client.AuthenticatedMechanism);
            Assert.True(client.Supports("MOVE"));
        });
    }

    [Fact]
    public async Task Password_login_falls_back_to_login_when_only_the_login_capability_is_advertised()
    {
        var script = """
            S: * OK [CAPABILITY IMAP4rev1 LOGIN IDLE] Server ready
            C: A001 LOGIN user secret
            S: A001 OK Logged in
            C: A002 CAPABILITY
            S: * CAPABILITY IMAP4rev1 IDLE
            S: A002 OK done
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = new ImapClient();
            await client.ConnectAsync(new PretendTlsStream(stream), "imap.test", 993, TlsMode.Implicit, default);
            await client.AuthenticateAsync(MailCredentials.FromPassword("user", "secret"), null, default);
            Assert.Equal("LOGIN", client.AuthenticatedMechanism);
        });
    }

    [Fact]
    public async Task The_login_fallback_is_never_used_without_tls()
    {
        var script = "S: * OK [CAPABILITY IMAP4rev1 LOGIN] Server ready";
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.ConnectAsync(stream);
            var error = await Assert.ThrowsAsync<MailAuthenticationException>(
                () => client.AuthenticateAsync(MailCredentials.FromPassword("user", "secret"), null, default));
            Assert.Contains("only used over TLS", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", stream.ClientOutput, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_token_account_does_not_fall_back_to_login()
    {
        var script = "S: * OK [CAPABILITY IMAP4rev1 LOGIN] Server ready";
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = new ImapClient();
            await client.ConnectAsync(new PretendTlsStream(stream), "imap.test", 993, TlsMode.Implicit, default);
            await Assert.ThrowsAsync<MailAuthenticationException>(
                () => client.AuthenticateAsync(MailCredentials.FromAccessToken("user", "token"), null, default));
        });
    }

    [Fact]
    public async Task A_preauth_greeting_opens_an_authenticated_session_without_sending_credentials()
    {
        await using var server = new LoopbackLineServer();
        await using var client = new ImapClient(new MailConnectionOptions { ReadWriteTimeout = TimeSpan.FromSeconds(10) });
        var opening = client.OpenAsync(server.Endpoint, MailCredentials.FromPassword("user", "secret"), null, default);
        await server.AcceptAsync();
        await server.SendAsync("* PREAUTH [CAPABILITY IMAP4rev1 IDLE MOVE] Logged in as user");

        Assert.Same(client, await opening);
        Assert.True(client.IsAuthenticated);
        Assert.Equal("PREAUTH", client.AuthenticatedMechanism);
        var select = client.SelectAsync("INBOX", default);
        Assert.Equal("A001 SELECT INBOX", await server.ReadLineAsync());
        await server.SendAsync("* 0 EXISTS", "* OK [UIDVALIDITY 9] ok", "A001 OK [READ-WRITE] done");
        Assert.Equal(0u, (await select).Exists);
    }
}
