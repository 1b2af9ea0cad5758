using System.Text;
using AckPoller.Mail.Pop3;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Tests.Transcripts;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Pop3;

[Trait("Category", "Unit")]
public class Pop3AuthenticationTests
{
    private const string Token = "eyJ0eXAiOiJKV1QifQ.payload.signature";

    private static readonly string XOAuth2Response = Base64($"user={Pop3Script.User}\u0001auth=Bearer {Token}\u0001\u0001");

    private static readonly string ErrorJson = Base64("""{"status":"401","schemes":"bearer","scope":"https://outlook.office.com/.default"}""");

    [Fact]
    public async Task XOAUTH2_sends_the_mechanism_alone_then_the_response_after_the_continuation()
    {
        var script = Pop3Script.Greeting + $"""
            C: AUTH XOAUTH2
            S: +
            C: {XOAuth2Response}
            S: +OK Logged in.
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.ConnectAsync(stream);
            await client.AuthenticateAsync(MailCredentials.FromAccessToken(Pop3Script.User, Token), cancellationToken: default);
            Assert.True(client.IsAuthenticated);
            Assert.Equal("XOAUTH2", client.AuthenticatedMechanism);
            Assert.True(stream.Completed);
            Assert.Contains("AUTH XOAUTH2\r\n", stream.ClientOutput, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task The_continuation_may_carry_a_trailing_space()
    {
        var script = Pop3Script.Greeting + $"""
            C: AUTH XOAUTH2
            S: + 
            C: {XOAuth2Response}
            S: +OK
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.ConnectAsync(stream);
            await client.AuthenticateAsync(MailCredentials.FromAccessToken(Pop3Script.User, Token), "XOAUTH2", default);
            Assert.True(client.IsAuthenticated);
        });
    }

    [Fact]
    public async Task XOAUTH2_error_challenge_is_answered_with_an_empty_line_and_the_final_ERR_is_reported()
    {
        var script = Pop3Script.Greeting + $"""
            C: AUTH XOAUTH2
            S: +
            C: {XOAuth2Response}
            S: + {ErrorJson}
            C: 
            S: -ERR [AUTH] Authentication failed.
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.ConnectAsync(stream);
            var error = await Assert.ThrowsAsync<MailAuthenticationException>(() => client.AuthenticateAsync(MailCredentials.FromAccessToken(Pop3Script.User, Token), "XOAUTH2", default));
            Assert.Equal("XOAUTH2", error.Mechanism);
            Assert.Equal("[AUTH] Authentication failed.", error.ServerResponse);
            Assert.Equal("AUTH", error.ResponseCode);
            Assert.Equal("401", error.OAuthError?.Status);
            Assert.Equal("https://outlook.office.com/.default", error.OAuthError?.Scope);
            Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
            Assert.False(client.IsAuthenticated);
            Assert.True(client.Connection!.IsUsable);
        });
    }

    [Fact]
    public async Task OAUTHBEARER_error_challenge_is_answered_with_base64_of_0x01()
    {
        var initial = Base64($"n,a={Pop3Script.User},\u0001host={Pop3Script.Host}\u0001port={Pop3Script.Port}\u0001auth=Bearer {Token}\u0001\u0001");
        var script = Pop3Script.Greeting + $"""
            C: AUTH OAUTHBEARER
            S: +
            C: {initial}
            S: + {ErrorJson}
            C: AQ==
            S: -ERR [AUTH] Authentication failed.
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.ConnectAsync(stream);
            var error = await Assert.ThrowsAsync<MailAuthenticationException>(() => client.AuthenticateAsync(MailCredentials.FromAccessToken(Pop3Script.User, Token), "OAUTHBEARER", default));
            Assert.Equal("OAUTHBEARER", error.Mechanism);
            Assert.Equal("401", error.OAuthError?.Status);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Office365_style_rejection_of_the_AUTH_line_is_an_authentication_error()
    {
        var script = Pop3Script.Greeting + """
            C: AUTH XOAUTH2
            S: -ERR Protocol error. Connection is closed. 10
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.ConnectAsync(stream);
            var error = await Assert.ThrowsAsync<MailAuthenticationException>(() => client.AuthenticateAsync(MailCredentials.FromAccessToken(Pop3Script.User, Token), cancellationToken: default));
            Assert.Equal("Protocol error. Connection is closed. 10", error.ServerResponse);
            Assert.Null(error.OAuthError);
        });
    }

    [Fact]
    public async Task PLAIN_uses_the_two_step_form_too()
    {
        var script = Pop3Script.Greeting + $"""
            C: AUTH PLAIN
            S: +
            C: {Base64($"\0{Pop3Script.User}\0{Pop3Script.Password}")}
            S: +OK Logged in.
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.ConnectAsync(stream);
            await client.AuthenticateAsync(MailCredentials.FromPassword(Pop3Script.User, Pop3Script.Password), cancellationToken: default);
            Assert.True(client.IsAuthenticated);
        });
    }

    [Fact]
    public async Task A_mechanism_the_server_does_not_offer_is_refused_before_sending_anything()
    {
        await ScriptedServerStream.ForEachModeAsync(Pop3Script.Greeting, async stream =>
        {
            await using var client = await Pop3Script.ConnectAsync(stream);
            var error = await Assert.ThrowsAsync<MailAuthenticationException>(() => client.AuthenticateAsync(MailCredentials.FromPassword(Pop3Script.User, Pop3Script.Password), "LOGIN", default));
            Assert.Equal("LOGIN", error.Mechanism);
            Assert.Equal("CAPA\r\n", stream.ClientOutput);
        });
    }

    [Fact]
    public async Task A_challenge_that_is_not_base64_is_garbage()
    {
        var script = Pop3Script.Greeting + """
            C: AUTH XOAUTH2
            S: + not*base64!
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.ConnectAsync(stream);
            await Assert.ThrowsAsync<MailProtocolException>(() => client.AuthenticateAsync(MailCredentials.FromAccessToken(Pop3Script.User, Token), cancellationToken: default));
            Assert.False(client.Connection!.IsUsable);
        });
    }

    [Fact]
    public async Task USER_PASS_logs_in()
    {
        await ScriptedServerStream.ForEachModeAsync(Pop3Script.LoggedIn, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            Assert.True(client.IsAuthenticated);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task A_refused_PASS_is_an_authentication_error_and_the_session_can_retry()
    {
        var script = Pop3Script.Greeting + """
            C: USER alice@example.test
            S: +OK
            C: PASS s3cret-pw
            S: -ERR [AUTH] Authentication failed.
            C: USER alice@example.test
            S: +OK
            C: PASS s3cret-pw
            S: +OK Logged in.
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.ConnectAsync(stream);
            var error = await Assert.ThrowsAsync<MailAuthenticationException>(() => client.LoginAsync(Pop3Script.User, Pop3Script.Password, default));
            Assert.Equal("AUTH", error.ResponseCode);
            Assert.DoesNotContain(Pop3Script.Password, error.Message, StringComparison.Ordinal);
            await client.LoginAsync(Pop3Script.User, Pop3Script.Password, default);
            Assert.True(client.IsAuthenticated);
        });
    }

    [Fact]
    public async Task A_refused_USER_is_an_authentication_error()
    {
        var script = Pop3Script.Greeting + """
            C: USER alice@example.test
            S: -ERR [IN-USE] Mailbox locked
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.ConnectAsync(stream);
            var error = await Assert.ThrowsAsync<MailAuthenticationException>(() => client.LoginAsync(Pop3Script.User, Pop3Script.Password, default));
            Assert.Equal("IN-USE", error.ResponseCode);
            Assert.Equal("USER", error.Mechanism);
        });
    }

    [Fact]
    public async Task Secrets_never_reach_the_protocol_log()
    {
        var script = Pop3Script.Greeting + $"""
            C: USER alice@example.test
            S: +OK
            C: PASS s3cret-pw
            S: -ERR no
            C: AUTH XOAUTH2
            S: +
            C: {XOAuth2Response}
            S: +OK
            """;
        var log = new StringWriter();
        var stream = new ScriptedServerStream(script, ChunkMode.Whole);
        await using var client = await Pop3Script.ConnectAsync(stream, new MailConnectionOptions { ProtocolLog = new TextProtocolLog(log) });
        await Assert.ThrowsAsync<MailAuthenticationException>(() => client.LoginAsync(Pop3Script.User, Pop3Script.Password, default));
        await client.AuthenticateAsync(MailCredentials.FromAccessToken(Pop3Script.User, Token), cancellationToken: default);
        var text = log.ToString();
        Assert.Contains("C: PASS ********", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Pop3Script.Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(XOAuth2Response, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_with_line_breaks_are_refused()
    {
        await ScriptedServerStream.ForEachModeAsync(Pop3Script.Greeting, async stream =>
        {
            await using var client = await Pop3Script.ConnectAsync(stream);
            await Assert.ThrowsAsync<ArgumentException>(() => client.LoginAsync(Pop3Script.User, "pw\r\nDELE 1", default));
            Assert.Equal("CAPA\r\n", stream.ClientOutput);
        });
    }

    [Fact]
    public async Task Maildrop_commands_before_login_and_login_twice_are_refused()
    {
        await ScriptedServerStream.ForEachModeAsync(Pop3Script.LoggedIn, async stream =>
        {
            await using var client = await Pop3Script.ConnectAsync(stream);
            await Assert.ThrowsAsync<InvalidOperationException>(() => client.StatAsync(default));
            await client.LoginAsync(Pop3Script.User, Pop3Script.Password, default);
            await Assert.ThrowsAsync<InvalidOperationException>(() => client.LoginAsync(Pop3Script.User, Pop3Script.Password, default));
        });
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
