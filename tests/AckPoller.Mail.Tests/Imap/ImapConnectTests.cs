using AckPoller.Mail.Imap;
using AckPoller.Mail.Tests.Transcripts;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Imap;

[Trait("Category", "Unit")]
public class ImapConnectTests
{
    [Fact]
    public async Task Capabilities_in_the_greeting_are_used_without_asking_again()
    {
        await ScriptedServerStream.ForEachModeAsync(ImapSession.Greeting, async stream =>
        {
            await using var client = await ImapSession.ConnectAsync(stream);
            Assert.True(stream.Completed);
            Assert.Contains("IDLE", client.Capabilities);
            Assert.Contains("AUTH=XOAUTH2", client.Capabilities);
            Assert.Equal(["PLAIN", "XOAUTH2", "OAUTHBEARER"], client.AuthenticationMechanisms);
            Assert.False(client.IsAuthenticated);
            Assert.Equal("[CAPABILITY " + ImapSession.Capabilities + "] Dovecot ready.", client.Greeting);
        });
    }

    [Fact]
    public async Task Without_capabilities_in_the_greeting_the_client_asks_and_upper_cases_them()
    {
        const string Script = """
            S: * OK IMAP server ready
            C: A001 CAPABILITY
            S: * CAPABILITY imap4rev1 Idle auth=plain LOGINDISABLED
            S: A001 OK done
            """;
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            await using var client = await ImapSession.ConnectAsync(stream);
            Assert.Equal(new HashSet<string> { "IMAP4REV1", "IDLE", "AUTH=PLAIN", "LOGINDISABLED" }, client.Capabilities.ToHashSet());
            Assert.Equal(["PLAIN"], client.AuthenticationMechanisms);
        });
    }

    [Fact]
    public async Task Preauth_greeting_means_authenticated()
    {
        await ScriptedServerStream.ForEachModeAsync("S: * PREAUTH [CAPABILITY IMAP4rev1] welcome back", async stream =>
        {
            await using var client = await ImapSession.ConnectAsync(stream);
            Assert.True(client.IsAuthenticated);
        });
    }

    [Fact]
    public async Task Bye_greeting_ends_the_session_with_the_server_text()
    {
        await ScriptedServerStream.ForEachModeAsync("S: * BYE Too many connections", async stream =>
        {
            var client = new ImapClient();
            var error = await Assert.ThrowsAsync<MailSessionEndedException>(() => client.ConnectAsync(stream, "imap.test", 143, TlsMode.None, default));
            Assert.Equal("Too many connections", error.ServerResponse);
            Assert.Null(client.Connection);
        });
    }

    [Theory]
    [InlineData("S: HTTP/1.1 400 Bad Request")]
    [InlineData("S: * NO go away")]
    [InlineData("S: A001 OK what")]
    [InlineData("S: * OK [CAPABILITY IMAP4rev1 unterminated")]
    public async Task A_garbage_greeting_is_a_protocol_error(string greeting)
    {
        await ScriptedServerStream.ForEachModeAsync(greeting, async stream =>
        {
            var client = new ImapClient();
            await Assert.ThrowsAsync<MailProtocolException>(() => client.ConnectAsync(stream, "imap.test", 143, TlsMode.None, default));
            Assert.Null(client.Connection);
        });
    }

    [Fact]
    public async Task StartTls_mode_refuses_a_server_that_does_not_offer_it()
    {
        await ScriptedServerStream.ForEachModeAsync("S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready", async stream =>
        {
            var client = new ImapClient();
            var error = await Assert.ThrowsAsync<MailTlsException>(() => client.ConnectAsync(stream, "imap.test", 143, TlsMode.StartTls, default));
            Assert.Contains("does not offer STARTTLS", error.Message, StringComparison.Ordinal);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task StartTls_mode_refuses_a_preauth_greeting()
    {
        await ScriptedServerStream.ForEachModeAsync("S: * PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] hi", async stream =>
        {
            var client = new ImapClient();
            await Assert.ThrowsAsync<MailTlsException>(() => client.ConnectAsync(stream, "imap.test", 143, TlsMode.StartTls, default));
        });
    }

    [Fact]
    public async Task StartTls_refused_by_the_server_is_a_tls_error()
    {
        const string Script = """
            S: * OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready
            C: A001 STARTTLS
            S: A001 BAD TLS not available right now
            """;
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            var client = new ImapClient();
            var error = await Assert.ThrowsAsync<MailTlsException>(() => client.ConnectAsync(stream, "imap.test", 143, TlsMode.StartTls, default));
            Assert.Contains("TLS not available right now", error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Ignored_capabilities_are_not_used_but_still_listed()
    {
        await ScriptedServerStream.ForEachModeAsync(ImapSession.Greeting, async stream =>
        {
            await using var client = await ImapSession.ConnectAsync(stream);
            client.IgnoredCapabilities.Add("move");
            client.IgnoredCapabilities.Add("AUTH=PLAIN");
            Assert.Contains("MOVE", client.Capabilities);
            Assert.False(client.Supports("MOVE"));
            Assert.True(client.Supports("idle"));
            Assert.DoesNotContain("PLAIN", client.AuthenticationMechanisms);
        });
    }

    [Fact]
    public async Task Commands_before_login_or_select_are_refused_locally()
    {
        await ScriptedServerStream.ForEachModeAsync(ImapSession.Greeting, async stream =>
        {
            await using var client = await ImapSession.ConnectAsync(stream);
            await Assert.ThrowsAsync<InvalidOperationException>(() => client.SelectAsync("INBOX", default));
            await Assert.ThrowsAsync<InvalidOperationException>(() => client.UidSearchAsync(ImapSearch.All, default));
            await Assert.ThrowsAsync<InvalidOperationException>(() => client.ConnectAsync(stream, "imap.test", 143, TlsMode.None, default));
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Logout_accepts_the_bye_and_closes()
    {
        const string Script = ImapSession.Greeting + """

            C: A001 LOGOUT
            S: * BYE Logging out
            S: A001 OK Logout completed.
            """;
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            var client = await ImapSession.ConnectAsync(stream);
            await client.LogoutAsync(default);
            Assert.Null(client.Connection);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Noop_and_id_round_trip()
    {
        const string Script = ImapSession.Greeting + """

            C: A001 ID ("name" "AckPoller" "version" NIL)
            S: * ID ("name" "Dovecot" "support-url" NIL)
            S: A001 OK ID completed.
            C: A002 NOOP
            S: * 5 EXISTS
            S: A002 OK NOOP completed.
            """;
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            await using var client = await ImapSession.ConnectAsync(stream);
            var id = await client.IdAsync(new Dictionary<string, string?> { ["name"] = "AckPoller", ["version"] = null }, default);
            Assert.Equal("Dovecot", id["name"]);
            Assert.Null(id["support-url"]);
            await client.NoopAsync(default);
            Assert.True(stream.Completed);
        });
    }
}
