using System.Text;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Smtp;
using AckPoller.Mail.Tests.Transcripts;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Smtp;

[Trait("Category", "Unit")]
public class SmtpAuthenticateTests
{
    // RFC 7628 §4.4's error challenge: {"status":"invalid_token","schemes":"bearer mac","scope":"https://mail.google.com/"}
    private const string Rfc7628SmtpErrorChallenge = "eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIiwic2NoZW1lcyI6ImJlYXJlciBtYWMiLCJzY29wZSI6Imh0dHBzOi8vbWFpbC5nb29nbGUuY29tLyJ9";

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task A_short_initial_response_goes_on_the_AUTH_line()
    {
        var script = SmtpScripts.Hello + $"""
            C: AUTH PLAIN {B64("\0user@example.test\0pässword")}
            S: 235 2.7.0 Authentication successful
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            await client.AuthenticateAsync(MailCredentials.FromPassword("user@example.test", "pässword"));
            Assert.True(client.IsAuthenticated);
            Assert.Equal("PLAIN", client.AuthenticatedMechanism);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task A_short_XOAUTH2_token_goes_on_the_AUTH_line()
    {
        var script = SmtpScripts.Hello + $"""
            C: AUTH XOAUTH2 {B64("user=user@example.test\u0001auth=Bearer short-token\u0001\u0001")}
            S: 235 2.7.0 Authentication successful
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            await client.AuthenticateAsync(MailCredentials.FromAccessToken("user@example.test", "short-token"));
            Assert.True(client.IsAuthenticated);
        });
    }

    [Fact]
    public async Task A_long_token_is_sent_after_an_empty_334_challenge()
    {
        var token = "eyJ" + new string('A', 1200);
        var script = SmtpScripts.Hello + $"""
            C: AUTH XOAUTH2
            S: 334 
            C: {B64($"user=user@example.test\u0001auth=Bearer {token}\u0001\u0001")}
            S: 235 2.7.0 Authentication successful
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            await client.AuthenticateAsync(MailCredentials.FromAccessToken("user@example.test", token), "XOAUTH2");
            Assert.True(client.IsAuthenticated);
            Assert.True(stream.Completed);
        });
    }

    [Theory]
    [InlineData(329, true)]
    [InlineData(330, false)]
    public async Task The_AUTH_line_never_exceeds_500_octets(int tokenLength, bool oneLine)
    {
        var token = new string('t', tokenLength);
        var response = B64($"user=u@example.test\u0001auth=Bearer {token}\u0001\u0001");
        var script = SmtpScripts.Hello + (oneLine
            ? $"C: AUTH XOAUTH2 {response}\n"
            : $"C: AUTH XOAUTH2\nS: 334 \nC: {response}\n") + "S: 235 2.7.0 Ok\n";
        var stream = new ScriptedServerStream(script, ChunkMode.Whole);
        await using var client = await SmtpScripts.ConnectAsync(stream);
        await client.AuthenticateAsync(MailCredentials.FromAccessToken("u@example.test", token));
        var authLine = stream.ClientOutput.Split("\r\n").Single(l => l.StartsWith("AUTH ", StringComparison.Ordinal));
        Assert.True(authLine.Length + 2 <= 500, $"AUTH line is {authLine.Length + 2} octets");
        Assert.Equal(oneLine, authLine.Length > "AUTH XOAUTH2".Length);
    }

    [Fact]
    public async Task OAUTHBEARER_carries_the_real_host_and_port()
    {
        var script = SmtpScripts.Hello + $"""
            C: AUTH OAUTHBEARER {B64("n,a=user@example.test,\u0001host=mail.example.test\u0001port=587\u0001auth=Bearer tok\u0001\u0001")}
            S: 235 2.7.0 Authentication successful
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            await client.AuthenticateAsync(MailCredentials.FromAccessToken("user@example.test", "tok"), "oauthbearer");
            Assert.True(client.IsAuthenticated);
        });
    }

    [Fact]
    public async Task XOAUTH2_error_challenge_is_answered_with_an_empty_line_and_the_535_becomes_an_authentication_error()
    {
        var challenge = B64("""{"status":"400","schemes":"Bearer","scope":"https://outlook.office365.com/.default"}""");
        var script = SmtpScripts.Hello + $"""
            C: AUTH XOAUTH2 {B64("user=user@example.test\u0001auth=Bearer expired\u0001\u0001")}
            S: 334 {challenge}
            C: 
            S: 535 5.7.3 Authentication unsuccessful [SN4PR0501CA0054.namprd05.prod.outlook.com]
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            var error = await Assert.ThrowsAsync<MailAuthenticationException>(
                () => client.AuthenticateAsync(MailCredentials.FromAccessToken("user@example.test", "expired")));
            Assert.Equal("XOAUTH2", error.Mechanism);
            Assert.Equal("5.7.3", error.ResponseCode);
            Assert.Equal("535 5.7.3 Authentication unsuccessful [SN4PR0501CA0054.namprd05.prod.outlook.com]", error.ServerResponse);
            Assert.NotNull(error.OAuthError);
            Assert.Equal("400", error.OAuthError.Status);
            Assert.Equal("Bearer", error.OAuthError.Schemes);
            Assert.False(client.IsAuthenticated);
            Assert.True(client.Connection!.IsUsable);
            Assert.DoesNotContain("expired", error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task OAUTHBEARER_error_follows_RFC_7628_section_4_4()
    {
        var script = SmtpScripts.Hello + $"""
            C: AUTH OAUTHBEARER {B64("n,a=user@example.test,\u0001host=mail.example.test\u0001port=587\u0001auth=Bearer tok\u0001\u0001")}
            S: 334 {Rfc7628SmtpErrorChallenge}
            C: AQ==
            S: 535-5.7.1 Username and Password not accepted. Learn more at
            S: 535 5.7.1 http://support.example.com/mail/oauth
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            var error = await Assert.ThrowsAsync<MailAuthenticationException>(
                () => client.AuthenticateAsync(MailCredentials.FromAccessToken("user@example.test", "tok"), "OAUTHBEARER"));
            Assert.Equal("OAUTHBEARER", error.Mechanism);
            Assert.Equal("5.7.1", error.ResponseCode);
            Assert.Equal("535-5.7.1 Username and Password not accepted. Learn more at\n535 5.7.1 http://support.example.com/mail/oauth", error.ServerResponse);
            Assert.Equal("invalid_token", error.OAuthError!.Status);
            Assert.Equal("bearer mac", error.OAuthError.Schemes);
            Assert.Equal("https://mail.google.com/", error.OAuthError.Scope);
        });
    }

    [Fact]
    public async Task Office_365_disabled_SMTP_AUTH_5_7_139_is_an_authentication_error()
    {
        var script = SmtpScripts.Hello + $"""
            C: AUTH XOAUTH2 {B64("user=user@example.test\u0001auth=Bearer tok\u0001\u0001")}
            S: 535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            var error = await Assert.ThrowsAsync<MailAuthenticationException>(
                () => client.AuthenticateAsync(MailCredentials.FromAccessToken("user@example.test", "tok")));
            Assert.Equal("5.7.139", error.ResponseCode);
            Assert.Null(error.OAuthError);
            Assert.Contains("SmtpClientAuthentication is disabled", error.ServerResponse, StringComparison.Ordinal);
            Assert.Contains("5.7.139", error.Message, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("454 4.7.0 Temporary authentication failure", "4.7.0")]
    [InlineData("534 5.7.9 Please log in with your web browser", "5.7.9")]
    [InlineData("538 5.7.11 Encryption required for requested authentication mechanism", "5.7.11")]
    public async Task Other_AUTH_failure_codes_are_authentication_errors(string reply, string code)
    {
        var script = SmtpScripts.Hello + $"""
            C: AUTH PLAIN {B64("\0u\0p")}
            S: {reply}
            """;
        var stream = new ScriptedServerStream(script, ChunkMode.Whole);
        await using var client = await SmtpScripts.ConnectAsync(stream);
        var error = await Assert.ThrowsAsync<MailAuthenticationException>(() => client.AuthenticateAsync(MailCredentials.FromPassword("u", "p")));
        Assert.Equal(code, error.ResponseCode);
        Assert.Equal(reply, error.ServerResponse);
    }

    [Fact]
    public async Task A_syntax_error_on_AUTH_is_a_command_error_not_an_authentication_error()
    {
        var script = SmtpScripts.Hello + $"""
            C: AUTH PLAIN {B64("\0u\0p")}
            S: 501 5.5.2 Cannot decode response
            """;
        var stream = new ScriptedServerStream(script, ChunkMode.Whole);
        await using var client = await SmtpScripts.ConnectAsync(stream);
        var error = await Assert.ThrowsAsync<SmtpCommandException>(() => client.AuthenticateAsync(MailCredentials.FromPassword("u", "p")));
        Assert.Equal(501, error.StatusCode);
    }

    [Fact]
    public async Task LOGIN_answers_the_user_name_and_password_prompts()
    {
        var script = SmtpScripts.Hello + $"""
            C: AUTH LOGIN
            S: 334 VXNlcm5hbWU6
            C: {B64("user@example.test")}
            S: 334 UGFzc3dvcmQ6
            C: {B64("secret")}
            S: 235 2.7.0 Authentication successful
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            await client.AuthenticateAsync(MailCredentials.FromPassword("user@example.test", "secret"), "LOGIN");
            Assert.True(client.IsAuthenticated);
        });
    }

    [Fact]
    public async Task AUTH_not_offered_fails_without_sending_anything()
    {
        // The script ends after EHLO: any AUTH line would fail the test.
        await ScriptedServerStream.ForEachModeAsync(SmtpScripts.PlainHello, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            var error = await Assert.ThrowsAsync<MailAuthenticationException>(
                () => client.AuthenticateAsync(MailCredentials.FromAccessToken("u@example.test", "tok")));
            Assert.Contains("does not offer AUTH", error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_requested_mechanism_the_server_does_not_offer_is_refused()
    {
        const string Script = """
            S: 220 mail.example.test
            C: EHLO client.test
            S: 250-mail.example.test
            S: 250 AUTH PLAIN LOGIN
            """;
        var stream = new ScriptedServerStream(Script, ChunkMode.Whole);
        await using var client = await SmtpScripts.ConnectAsync(stream);
        var error = await Assert.ThrowsAsync<MailAuthenticationException>(
            () => client.AuthenticateAsync(MailCredentials.FromAccessToken("u@example.test", "tok"), "XOAUTH2"));
        Assert.Equal("XOAUTH2", error.Mechanism);
        Assert.Contains("PLAIN, LOGIN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_challenge_that_is_not_base64_breaks_the_connection()
    {
        var script = SmtpScripts.Hello + $"""
            C: AUTH XOAUTH2 {B64("user=u@example.test\u0001auth=Bearer tok\u0001\u0001")}
            S: 334 this is not base64!
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            await Assert.ThrowsAsync<MailProtocolException>(() => client.AuthenticateAsync(MailCredentials.FromAccessToken("u@example.test", "tok")));
            Assert.False(client.Connection!.IsUsable);
        });
    }

    [Fact]
    public async Task Endless_challenges_are_a_protocol_error()
    {
        var script = SmtpScripts.Hello + "C: AUTH LOGIN\nS: 334 VXNlcm5hbWU6\nC: *\nS: 334 UGFzc3dvcmQ6\nC: *\nS: 334 UGFzc3dvcmQ6\n";
        var stream = new ScriptedServerStream(script, ChunkMode.Whole);
        await using var client = await SmtpScripts.ConnectAsync(stream);
        await Assert.ThrowsAsync<MailProtocolException>(() => client.AuthenticateAsync(MailCredentials.FromPassword("u", "p"), "LOGIN"));
        Assert.False(client.Connection!.IsUsable);
    }

    [Fact]
    public async Task Secrets_never_reach_the_protocol_log()
    {
        var token = "secret-token-" + new string('x', 600);
        var log = new StringWriter();
        var script = SmtpScripts.Hello + "C: AUTH XOAUTH2\nS: 334 \nC: *\nS: 334 e30=\nC: \nS: 535 5.7.8 Error: authentication failed\n";
        var stream = new ScriptedServerStream(script, ChunkMode.Whole);
        await using var client = await SmtpScripts.ConnectAsync(stream, new MailConnectionOptions { ProtocolLog = new TextProtocolLog(log) });
        await Assert.ThrowsAsync<MailAuthenticationException>(() => client.AuthenticateAsync(MailCredentials.FromAccessToken("u@example.test", token)));
        var text = log.ToString();
        Assert.DoesNotContain("secret-token", text, StringComparison.Ordinal);
        Assert.DoesNotContain(B64("user=u@example.test")[..12], text, StringComparison.Ordinal);
        Assert.Contains("C: AUTH XOAUTH2", text, StringComparison.Ordinal);
        Assert.Contains("C: ********", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_AUTH_is_refused_locally()
    {
        var script = SmtpScripts.Hello + $"C: AUTH PLAIN {B64("\0u\0p")}\nS: 235 2.7.0 Ok\n";
        var stream = new ScriptedServerStream(script, ChunkMode.Whole);
        await using var client = await SmtpScripts.ConnectAsync(stream);
        await client.AuthenticateAsync(MailCredentials.FromPassword("u", "p"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.AuthenticateAsync(MailCredentials.FromPassword("u", "p")));
    }
}
