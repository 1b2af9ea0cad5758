using System.Text;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Tests.Transcripts;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Imap;

[Trait("Category", "Unit")]
public class ImapAuthenticationTests
{
    private const string Token = "eyJ0b2tlbiI6InNlY3JldCJ9";
    private static readonly MailCredentials Credentials = MailCredentials.FromAccessToken("alice@example.test", Token);
    private static readonly string XOAuth2Response = B64($"user=alice@example.test\u0001auth=Bearer {Token}\u0001\u0001");
    private static readonly string ErrorJson = "{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"mail\"}";

    [Fact]
    public async Task XOAuth2_with_SASL_IR_sends_the_token_with_the_command()
    {
        var script = ImapSession.Greeting + $"""

            C: A001 AUTHENTICATE XOAUTH2 {XOAuth2Response}
            S: A001 OK [CAPABILITY IMAP4rev1 IDLE MOVE] Logged in
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.ConnectAsync(stream);
            await client.AuthenticateAsync(Credentials);
            Assert.True(client.IsAuthenticated);
            Assert.Equal("XOAUTH2", client.AuthenticatedMechanism);
            Assert.Contains("MOVE", client.Capabilities);
            Assert.DoesNotContain("AUTH=XOAUTH2", client.Capabilities);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Without_SASL_IR_the_token_answers_the_continuation_and_capabilities_are_refreshed()
    {
        var script = $"""
            S: * OK [CAPABILITY IMAP4rev1 AUTH=XOAUTH2] ready
            C: A001 AUTHENTICATE XOAUTH2
            S: +
            C: {XOAuth2Response}
            S: A001 OK Logged in
            C: A002 CAPABILITY
            S: * CAPABILITY IMAP4rev1 IDLE
            S: A002 OK done
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.ConnectAsync(stream);
            await client.AuthenticateAsync(Credentials, "xoauth2");
            Assert.True(client.IsAuthenticated);
            Assert.Contains("IDLE", client.Capabilities);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task XOAuth2_error_challenge_is_answered_empty_and_the_failure_carries_the_server_text()
    {
        var script = ImapSession.Greeting + $"""

            C: A001 AUTHENTICATE XOAUTH2 {XOAuth2Response}
            S: + {B64(ErrorJson)}
            C:
            S: A001 NO [AUTHENTICATIONFAILED] Authentication failed.
            C: A002 NOOP
            S: A002 OK still here
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.ConnectAsync(stream);
            var error = await Assert.ThrowsAsync<MailAuthenticationException>(() => client.AuthenticateAsync(Credentials));
            Assert.Equal("XOAUTH2", error.Mechanism);
            Assert.Equal("[AUTHENTICATIONFAILED] Authentication failed.", error.ServerResponse);
            Assert.Equal("AUTHENTICATIONFAILED", error.ResponseCode);
            Assert.Equal("401", error.OAuthError?.Status);
            Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
            Assert.False(client.IsAuthenticated);
            await client.NoopAsync(default);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task OAuthBearer_error_challenge_is_answered_with_ctrl_A()
    {
        var initial = B64($"n,a=alice@example.test,\u0001host=imap.test\u0001port=143\u0001auth=Bearer {Token}\u0001\u0001");
        var script = ImapSession.Greeting + $"""

            C: A001 AUTHENTICATE OAUTHBEARER {initial}
            S: + {B64(ErrorJson)}
            C: AQ==
            S: A001 NO [AUTHENTICATIONFAILED] Authentication failed.
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.ConnectAsync(stream);
            var error = await Assert.ThrowsAsync<MailAuthenticationException>(() => client.AuthenticateAsync(Credentials, "OAUTHBEARER"));
            Assert.Equal("OAUTHBEARER", error.Mechanism);
            Assert.Equal("mail", error.OAuthError?.Scope);
        });
    }

    [Fact]
    public async Task Login_mechanism_answers_each_base64_prompt()
    {
        var script = """
            S: * OK [CAPABILITY IMAP4rev1 AUTH=LOGIN] ready
            C: A001 AUTHENTICATE LOGIN
            S: + VXNlcm5hbWU6
            C: Ym9i
            S: + UGFzc3dvcmQ6
            C: aHVudGVyMg==
            S: A001 OK [CAPABILITY IMAP4rev1] Logged in
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.ConnectAsync(stream);
            await client.AuthenticateAsync(MailCredentials.FromPassword("bob", "hunter2"));
            Assert.True(client.IsAuthenticated);
        });
    }

    [Fact]
    public async Task Sasl_responses_and_login_arguments_never_reach_the_protocol_log()
    {
        var script = ImapSession.Greeting + $"""

            C: A001 AUTHENTICATE XOAUTH2 {XOAuth2Response}
            S: + {B64(ErrorJson)}
            C:
            S: A001 NO [AUTHENTICATIONFAILED] Authentication failed.
            C: A002 LOGIN alice "pass word"
            S: A002 OK [CAPABILITY IMAP4rev1] Logged in
            """;
        var log = new StringWriter();
        var stream = new ScriptedServerStream(script, ChunkMode.Whole);
        await using var client = await ImapSession.ConnectAsync(stream, new MailConnectionOptions { ProtocolLog = new TextProtocolLog(log) });
        await Assert.ThrowsAsync<MailAuthenticationException>(() => client.AuthenticateAsync(Credentials));
        await client.LoginAsync("alice", "pass word", default);
        var text = log.ToString();
        Assert.Contains("C: A001 AUTHENTICATE XOAUTH2 ********", text, StringComparison.Ordinal);
        Assert.Contains("C: A002 LOGIN ********", text, StringComparison.Ordinal);
        Assert.DoesNotContain(XOAuth2Response, text, StringComparison.Ordinal);
        Assert.DoesNotContain("pass word", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_with_special_characters_uses_quoting_and_literals()
    {
        const string Script = ImapSession.Greeting + """

            C: A001 LOGIN "al\"ice" {5+}
            C: pä$s
            S: A001 OK [CAPABILITY IMAP4rev1] Logged in
            """;
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            await using var client = await ImapSession.ConnectAsync(stream);
            await client.LoginAsync("al\"ice", "p\u00e4$s", default);
            Assert.True(client.IsAuthenticated);
        });
    }

    [Fact]
    public async Task Synchronizing_literal_waits_for_the_continuation()
    {
        const string Script = """
            S: * OK [CAPABILITY IMAP4rev1] ready
            C: A001 LOGIN bob {5}
            S: + go ahead
            C: pä$s
            S: A001 OK [CAPABILITY IMAP4rev1] Logged in
            """;
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            await using var client = await ImapSession.ConnectAsync(stream);
            await client.LoginAsync("bob", "p\u00e4$s", default);
            Assert.True(client.IsAuthenticated);
        });
    }

    [Fact]
    public async Task Login_is_refused_without_sending_when_LOGINDISABLED()
    {
        await ScriptedServerStream.ForEachModeAsync("S: * OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready", async stream =>
        {
            await using var client = await ImapSession.ConnectAsync(stream);
            var error = await Assert.ThrowsAsync<MailAuthenticationException>(() => client.LoginAsync("bob", "pw", default));
            Assert.Contains("requires TLS", error.Message, StringComparison.Ordinal);
            var sasl = await Assert.ThrowsAsync<MailAuthenticationException>(() => client.AuthenticateAsync(Credentials));
            Assert.Contains("requires TLS", sasl.Message, StringComparison.Ordinal);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Privacy_required_refusal_explains_that_TLS_is_needed()
    {
        const string Script = """
            S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready
            C: A001 AUTHENTICATE PLAIN
            S: A001 NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.
            """;
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            await using var client = await ImapSession.ConnectAsync(stream);
            var error = await Assert.ThrowsAsync<MailAuthenticationException>(() => client.AuthenticateAsync(MailCredentials.FromPassword("bob", "pw")));
            Assert.Equal("PRIVACYREQUIRED", error.ResponseCode);
            Assert.Contains("requires TLS", error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task An_unoffered_mechanism_is_refused_locally()
    {
        await ScriptedServerStream.ForEachModeAsync("S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready", async stream =>
        {
            await using var client = await ImapSession.ConnectAsync(stream);
            await Assert.ThrowsAsync<MailAuthenticationException>(() => client.AuthenticateAsync(Credentials));
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Endless_challenges_are_a_protocol_error()
    {
        var challenge = "S: + " + B64(ErrorJson);
        var script = new StringBuilder(ImapSession.Greeting + "\nC: *\n");
        for (var i = 0; i < 10; i++)
        {
            script.Append(challenge).Append("\nC:\n");
        }

        script.Append(challenge);
        await ScriptedServerStream.ForEachModeAsync(script.ToString(), async stream =>
        {
            await using var client = await ImapSession.ConnectAsync(stream);
            await Assert.ThrowsAsync<MailProtocolException>(() => client.AuthenticateAsync(Credentials));
            Assert.False(client.Connection!.IsUsable);
        });
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
