using AckPoller.Mail.Smtp;
using AckPoller.Mail.Tests.Transcripts;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Smtp;

[Trait("Category", "Unit")]
public class SmtpConnectTests
{
    [Fact]
    public async Task Reads_a_multi_line_greeting_and_parses_the_EHLO_extensions()
    {
        const string Script = """
            S: 220-mail.example.test ESMTP
            S: 220-Unauthorised use prohibited.
            S: 220 Second line of the banner
            C: EHLO client.test
            S: 250-mail.example.test Hello client.test
            S: 250-pipelining
            S: 250-SIZE 35882577
            S: 250-AUTH LOGIN PLAIN XOAUTH2
            S: 250-AUTH=LOGIN PLAIN
            S: 250-ENHANCEDSTATUSCODES
            S: 250-8BITMIME
            S: 250-SMTPUTF8
            S: 250 CHUNKING
            """;
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            Assert.True(stream.Completed);
            Assert.Equal(
                new[] { "8BITMIME", "AUTH", "CHUNKING", "ENHANCEDSTATUSCODES", "PIPELINING", "SIZE", "SMTPUTF8" },
                client.Capabilities.Order(StringComparer.Ordinal).ToArray());
            Assert.True(client.Capabilities.Contains("pipelining"));
            Assert.Equal(new[] { "LOGIN", "PLAIN", "XOAUTH2" }, client.AuthenticationMechanisms.ToArray());
            Assert.Equal(35882577, client.MaxMessageSize);
            Assert.False(client.IsAuthenticated);
            Assert.NotNull(client.Connection);
        });
    }

    [Fact]
    public async Task SIZE_zero_or_without_a_number_means_no_limit()
    {
        const string Script = """
            S: 220 mail.example.test
            C: EHLO client.test
            S: 250-mail.example.test
            S: 250 SIZE 0
            """;
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            Assert.Null(client.MaxMessageSize);
            Assert.Contains("SIZE", client.Capabilities);
        });
    }

    [Fact]
    public async Task Falls_back_to_HELO_when_EHLO_is_refused()
    {
        const string Script = """
            S: 220 old.example.test Sendmail 8.6
            C: EHLO client.test
            S: 500 Command unrecognized
            C: HELO client.test
            S: 250 old.example.test
            """;
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            Assert.True(stream.Completed);
            Assert.Empty(client.Capabilities);
            Assert.Empty(client.AuthenticationMechanisms);
            Assert.Null(client.MaxMessageSize);
        });
    }

    [Fact]
    public async Task A_transient_EHLO_failure_is_not_retried_with_HELO()
    {
        const string Script = """
            S: 220 mail.example.test
            C: EHLO client.test
            S: 450 4.3.2 Try again later
            """;
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            await using var client = new SmtpClient { LocalDomain = "client.test" };
            var error = await Assert.ThrowsAsync<SmtpCommandException>(() => client.ConnectAsync(stream, SmtpScripts.Host, 587, TlsMode.None, default));
            Assert.Equal(450, error.StatusCode);
            Assert.Equal("4.3.2", error.EnhancedStatusCode);
            Assert.True(error.IsTransient);
            Assert.Null(client.Connection);
        });
    }

    [Fact]
    public async Task A_554_greeting_refuses_the_session()
    {
        const string Script = "S: 554 5.7.1 No SMTP service here";
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            await using var client = new SmtpClient { LocalDomain = "client.test" };
            var error = await Assert.ThrowsAsync<SmtpCommandException>(() => client.ConnectAsync(stream, SmtpScripts.Host, 25, TlsMode.None, default));
            Assert.Equal(554, error.StatusCode);
            Assert.True(error.IsPermanent);
            Assert.False(error.IsTransient);
            Assert.Equal("554 5.7.1 No SMTP service here", error.ServerResponse);
            Assert.Null(client.Connection);
        });
    }

    [Fact]
    public async Task Refuses_to_continue_when_STARTTLS_is_not_offered()
    {
        // Nothing may follow the EHLO: no AUTH, no QUIT in clear text.
        await ScriptedServerStream.ForEachModeAsync(SmtpScripts.PlainHello, async stream =>
        {
            await using var client = new SmtpClient { LocalDomain = "client.test" };
            var error = await Assert.ThrowsAsync<MailTlsException>(() => client.ConnectAsync(stream, SmtpScripts.Host, 587, TlsMode.StartTls, default));
            Assert.Contains("does not offer STARTTLS", error.Message, StringComparison.Ordinal);
            Assert.True(stream.Completed);
            Assert.Null(client.Connection);
        });
    }

    [Fact]
    public async Task A_refused_STARTTLS_is_a_TLS_error_with_the_server_text()
    {
        const string Script = """
            S: 220 mail.example.test
            C: EHLO client.test
            S: 250-mail.example.test
            S: 250 STARTTLS
            C: STARTTLS
            S: 454 4.7.0 TLS not available due to local problem
            """;
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            await using var client = new SmtpClient { LocalDomain = "client.test" };
            var error = await Assert.ThrowsAsync<MailTlsException>(() => client.ConnectAsync(stream, SmtpScripts.Host, 587, TlsMode.StartTls, default));
            Assert.Equal("454 4.7.0 TLS not available due to local problem", error.ServerResponse);
        });
    }

    [Fact]
    public async Task Bytes_injected_after_the_STARTTLS_reply_are_refused()
    {
        // RFC 3207 §5 / CVE-2011-0411 style: a reply pipelined behind 220 before the handshake must not be trusted.
        const string Script = """
            S: 220 mail.example.test
            C: EHLO client.test
            S: 250-mail.example.test
            S: 250 STARTTLS
            C: STARTTLS
            S: 220 2.0.0 Ready to start TLS
            S: 250-injected
            """;
        var stream = new ScriptedServerStream(Script, ChunkMode.Whole);
        await using var client = new SmtpClient { LocalDomain = "client.test" };
        await Assert.ThrowsAsync<MailProtocolException>(() => client.ConnectAsync(stream, SmtpScripts.Host, 587, TlsMode.StartTls, default));
        Assert.Null(client.Connection);
    }

    [Fact]
    public async Task Garbage_instead_of_a_greeting_is_a_protocol_error()
    {
        await ScriptedServerStream.ForEachModeAsync("S: HTTP/1.1 400 Bad Request", async stream =>
        {
            await using var client = new SmtpClient();
            var error = await Assert.ThrowsAsync<MailProtocolException>(() => client.ConnectAsync(stream, SmtpScripts.Host, 587, TlsMode.None, default));
            Assert.Contains("HTTP/1.1 400", error.Message, StringComparison.Ordinal);
            Assert.Null(client.Connection);
        });
    }

    [Fact]
    public async Task QUIT_reads_221_and_closes_the_connection()
    {
        const string Script = SmtpScripts.PlainHello + """
            C: QUIT
            S: 221 2.0.0 Bye
            """;
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            await client.QuitAsync(default);
            Assert.Null(client.Connection);
            Assert.Empty(client.Capabilities);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task NOOP_and_RSET_expect_250()
    {
        const string Script = SmtpScripts.PlainHello + """
            C: NOOP
            S: 250 2.0.0 Ok
            C: RSET
            S: 250 2.0.0 Ok
            C: NOOP
            S: 421 4.4.2 Timeout exceeded
            """;
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            await client.NoopAsync(default);
            await client.ResetAsync(default);
            var error = await Assert.ThrowsAsync<SmtpCommandException>(() => client.NoopAsync(default));
            Assert.Equal(421, error.StatusCode);
            Assert.False(client.Connection!.IsUsable);
        });
    }

    [Fact]
    public async Task Connecting_twice_is_refused()
    {
        var stream = new ScriptedServerStream(SmtpScripts.PlainHello, ChunkMode.Whole);
        await using var client = await SmtpScripts.ConnectAsync(stream);
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.ConnectAsync(new MemoryStream(), SmtpScripts.Host, 587, TlsMode.None, default));
    }

    [Fact]
    public async Task Commands_before_connecting_are_refused()
    {
        await using var client = new SmtpClient();
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.NoopAsync(default));
    }

    [Theory]
    [InlineData("")]
    [InlineData("host name")]
    [InlineData("host\r\nMAIL FROM:<x>")]
    public void LocalDomain_rejects_names_that_could_break_the_EHLO_line(string name)
    {
        var client = new SmtpClient();
        Assert.ThrowsAny<ArgumentException>(() => client.LocalDomain = name);
    }

    [Fact]
    public void LocalDomain_has_a_usable_default()
    {
        var name = new SmtpClient().LocalDomain;
        Assert.False(string.IsNullOrEmpty(name));
        Assert.DoesNotContain(' ', name);
    }
}
