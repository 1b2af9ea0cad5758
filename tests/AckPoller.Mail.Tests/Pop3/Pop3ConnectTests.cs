using AckPoller.Mail.Pop3;
using AckPoller.Mail.Tests.Transcripts;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Pop3;

[Trait("Category", "Unit")]
public class Pop3ConnectTests
{
    [Fact]
    public async Task Reads_the_greeting_and_the_capabilities()
    {
        await ScriptedServerStream.ForEachModeAsync(Pop3Script.Greeting, async stream =>
        {
            await using var client = await Pop3Script.ConnectAsync(stream);
            Assert.Equal(["PIPELINING", "RESP-CODES", "SASL", "TOP", "UIDL"], client.Capabilities.Order(StringComparer.Ordinal));
            Assert.Equal(["XOAUTH2", "OAUTHBEARER", "PLAIN"], client.AuthenticationMechanisms);
            Assert.False(client.IsAuthenticated);
            Assert.NotNull(client.Connection);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Capability_tags_and_mechanisms_are_upper_cased()
    {
        const string Script = """
            S: +OK hi
            C: CAPA
            S: +OK
            S: uidl
            S: sasl xoauth2 plain
            S: Implementation Example 1.0
            S: .
            """;
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            await using var client = await Pop3Script.ConnectAsync(stream);
            Assert.Contains("UIDL", client.Capabilities);
            Assert.Contains("IMPLEMENTATION", client.Capabilities);
            Assert.Equal(["XOAUTH2", "PLAIN"], client.AuthenticationMechanisms);
        });
    }

    [Fact]
    public async Task A_server_without_CAPA_has_no_capabilities()
    {
        const string Script = "S: +OK hi\nC: CAPA\nS: -ERR Unknown command";
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            await using var client = await Pop3Script.ConnectAsync(stream);
            Assert.Empty(client.Capabilities);
            Assert.Empty(client.AuthenticationMechanisms);
            Assert.True(client.Connection!.IsUsable);
        });
    }

    [Fact]
    public async Task A_refusing_greeting_is_a_command_error_with_its_response_code()
    {
        const string Script = "S: -ERR [SYS/TEMP] Too many connections";
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            await using var client = new Pop3Client();
            var error = await Assert.ThrowsAsync<MailCommandException>(() => client.ConnectAsync(stream, Pop3Script.Host, Pop3Script.Port, TlsMode.None, default));
            Assert.Equal("SYS/TEMP", error.ResponseCode);
            Assert.Equal("[SYS/TEMP] Too many connections", error.ServerResponse);
            Assert.Null(client.Connection);
        });
    }

    [Fact]
    public async Task A_garbage_greeting_is_a_protocol_error()
    {
        const string Script = "S: * OK IMAP4rev1 ready";
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            await using var client = new Pop3Client();
            var error = await Assert.ThrowsAsync<MailProtocolException>(() => client.ConnectAsync(stream, Pop3Script.Host, Pop3Script.Port, TlsMode.None, default));
            Assert.Contains("* OK IMAP4rev1 ready", error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task StartTls_is_refused_when_the_server_does_not_offer_STLS_and_nothing_else_is_sent()
    {
        const string Script = """
            S: +OK hi
            C: CAPA
            S: +OK
            S: USER
            S: SASL PLAIN
            S: .
            """;
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            await using var client = new Pop3Client();
            var error = await Assert.ThrowsAsync<MailTlsException>(() => client.ConnectAsync(stream, Pop3Script.Host, Pop3Script.Port, TlsMode.StartTls, default));
            Assert.Contains("does not offer STLS", error.Message, StringComparison.Ordinal);
            Assert.Equal("CAPA\r\n", stream.ClientOutput);
            await Assert.ThrowsAsync<InvalidOperationException>(() => client.LoginAsync(Pop3Script.User, Pop3Script.Password, default));
            Assert.Equal("CAPA\r\n", stream.ClientOutput);
        });
    }

    [Fact]
    public async Task StartTls_refused_with_ERR_is_a_TLS_error_carrying_the_server_text()
    {
        const string Script = """
            S: +OK hi
            C: CAPA
            S: +OK
            S: STLS
            S: .
            C: STLS
            S: -ERR TLS not available right now
            """;
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            await using var client = new Pop3Client();
            var error = await Assert.ThrowsAsync<MailTlsException>(() => client.ConnectAsync(stream, Pop3Script.Host, Pop3Script.Port, TlsMode.StartTls, default));
            Assert.Equal("TLS not available right now", error.ServerResponse);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Bytes_sent_before_the_TLS_handshake_are_refused()
    {
        const string Script = """
            S: +OK hi
            C: CAPA
            S: +OK
            S: STLS
            S: .
            C: STLS
            S: +OK Begin TLS negotiation
            S: +OK injected
            """;
        var stream = new ScriptedServerStream(Script, ChunkMode.Whole);
        await using var client = new Pop3Client();
        await Assert.ThrowsAsync<MailProtocolException>(() => client.ConnectAsync(stream, Pop3Script.Host, Pop3Script.Port, TlsMode.StartTls, default));
        Assert.Null(client.Connection);
    }

    [Fact]
    public async Task Connecting_twice_is_refused()
    {
        await ScriptedServerStream.ForEachModeAsync(Pop3Script.Greeting, async stream =>
        {
            await using var client = await Pop3Script.ConnectAsync(stream);
            await Assert.ThrowsAsync<InvalidOperationException>(() => client.ConnectAsync(new MemoryStream(), Pop3Script.Host, Pop3Script.Port, TlsMode.None, default));
        });
    }
}
