using System.Text;
using AckPoller.Mail.Tests.Transcripts;

namespace AckPoller.Mail.Tests.Pop3;

[Trait("Category", "Unit")]
public class Pop3RetrieveTests
{
    private const string StuffedMessage = """
        C: RETR 1
        S: +OK 120 octets
        S: Subject: dots
        S: 
        S: ..leading dot
        S: ..
        S: ...
        S: .single stuffed
        S: middle . dot
        S: .

        """;

    private const string UnstuffedMessage =
        "Subject: dots\r\n\r\n.leading dot\r\n.\r\n..\r\nsingle stuffed\r\nmiddle . dot\r\n";

    [Fact]
    public async Task RETR_removes_the_stuffing_dots_and_keeps_CRLF_line_ends()
    {
        await ScriptedServerStream.ForEachModeAsync(Pop3Script.LoggedIn + StuffedMessage, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            var message = await client.RetrieveAsync(1, default);
            Assert.Equal(UnstuffedMessage, Encoding.ASCII.GetString(message));
            Assert.True(client.Connection!.IsUsable);
        });
    }

    [Fact]
    public async Task Message_content_stays_out_of_the_protocol_log()
    {
        var log = new StringWriter();
        var stream = new ScriptedServerStream(Pop3Script.LoggedIn + StuffedMessage, ChunkMode.Whole);
        await using var client = await Pop3Script.ConnectAsync(stream, new AckPoller.Mail.Transport.MailConnectionOptions { ProtocolLog = new AckPoller.Mail.Transport.TextProtocolLog(log) });
        await client.LoginAsync(Pop3Script.User, Pop3Script.Password, default);
        await client.RetrieveAsync(1, default);
        Assert.DoesNotContain("leading dot", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("S: +OK 120 octets", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("octets of message content>", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RETR_into_a_stream_gives_the_same_bytes()
    {
        await ScriptedServerStream.ForEachModeAsync(Pop3Script.LoggedIn + StuffedMessage, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            using var destination = new MemoryStream();
            await client.RetrieveAsync(1, destination, default);
            Assert.Equal(UnstuffedMessage, Encoding.ASCII.GetString(destination.ToArray()));
        });
    }

    [Fact]
    public async Task A_message_whose_last_line_had_no_CRLF_ends_with_the_CRLF_the_server_added()
    {
        // The server must end the data with CRLF before the terminating dot (RFC 1939 §3), so a message that lacked a
        // final line break comes back with one; the "." alone is never part of the message.
        var script = Pop3Script.LoggedIn + "C: RETR 2\nS: +OK\nS: Subject: x\nS: \nS: no final newline\nS: .";
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            var message = await client.RetrieveAsync(2, default);
            Assert.Equal("Subject: x\r\n\r\nno final newline\r\n", Encoding.ASCII.GetString(message));
        });
    }

    [Fact]
    public async Task An_empty_message_is_empty()
    {
        var script = Pop3Script.LoggedIn + "C: RETR 1\nS: +OK 0 octets\nS: .";
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            Assert.Empty(await client.RetrieveAsync(1, default));
        });
    }

    [Theory]
    [InlineData("+OK 5 octets")]
    [InlineData("+OK 99999999999 octets")]
    [InlineData("+OK message follows")]
    [InlineData("+OK")]
    public async Task The_octet_count_in_the_status_line_is_only_a_hint(string status)
    {
        var script = Pop3Script.LoggedIn + $"C: RETR 1\nS: {status}\nS: Subject: hint\nS: \nS: body\nS: .\nC: NOOP\nS: +OK";
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream, maxMessageSize: 1024);
            var message = await client.RetrieveAsync(1, default);
            Assert.Equal("Subject: hint\r\n\r\nbody\r\n", Encoding.ASCII.GetString(message));
            await client.NoopAsync(default);
        });
    }

    [Fact]
    public async Task RETR_follows_the_message_with_the_next_command()
    {
        var script = Pop3Script.LoggedIn + """
            C: RETR 1
            S: +OK 10 octets
            S: first
            S: .
            C: RETR 2
            S: +OK 8 octets
            S: ..two
            S: .
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            Assert.Equal("first\r\n", Encoding.ASCII.GetString(await client.RetrieveAsync(1, default)));
            Assert.Equal(".two\r\n", Encoding.ASCII.GetString(await client.RetrieveAsync(2, default)));
        });
    }

    [Fact]
    public async Task TOP_gives_the_header_and_the_requested_body_lines()
    {
        var script = Pop3Script.LoggedIn + """
            C: TOP 3 1
            S: +OK
            S: Subject: top
            S: 
            S: ..first body line
            S: .
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            var top = await client.TopAsync(3, 1, default);
            Assert.Equal("Subject: top\r\n\r\n.first body line\r\n", Encoding.ASCII.GetString(top));
        });
    }

    [Fact]
    public async Task A_message_over_the_size_limit_fails_clearly_and_drops_the_connection()
    {
        var body = new StringBuilder();
        for (var i = 0; i < 50; i++)
        {
            body.Append("S: ").Append(new string('x', 70)).Append('\n');
        }

        var script = Pop3Script.LoggedIn + "C: RETR 1\nS: +OK 100 octets\n" + body + "S: .";
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream, maxMessageSize: 1000);
            var error = await Assert.ThrowsAsync<MailProtocolException>(() => client.RetrieveAsync(1, default));
            Assert.Contains("Message 1 is larger than the limit of 1000 octets", error.Message, StringComparison.Ordinal);
            Assert.False(client.Connection!.IsUsable);
        });
    }

    [Fact]
    public async Task The_size_limit_applies_when_streaming_too()
    {
        var script = Pop3Script.LoggedIn + "C: RETR 1\nS: +OK\n" + string.Concat(Enumerable.Repeat("S: 0123456789\n", 20)) + "S: .";
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream, maxMessageSize: 100);
            using var destination = new MemoryStream();
            await Assert.ThrowsAsync<MailProtocolException>(() => client.RetrieveAsync(1, destination, default));
            Assert.True(destination.Length <= 100);
        });
    }

    [Fact]
    public async Task A_message_exactly_at_the_limit_is_accepted()
    {
        var script = Pop3Script.LoggedIn + "C: RETR 1\nS: +OK\nS: 12345678\nS: .";
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream, maxMessageSize: 10);
            Assert.Equal(10, (await client.RetrieveAsync(1, default)).Length);
        });
    }

    [Fact]
    public async Task A_message_cut_off_before_the_final_dot_is_a_connection_error()
    {
        var script = Pop3Script.LoggedIn + "C: RETR 1\nS: +OK\nS: Subject: cut";
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            await Assert.ThrowsAsync<MailConnectionException>(() => client.RetrieveAsync(1, default));
            Assert.False(client.Connection!.IsUsable);
        });
    }

    [Fact]
    public async Task A_large_message_streams_through_several_chunks_intact()
    {
        var lines = Enumerable.Range(0, 3000).Select(i => (i % 7 == 0 ? "." : string.Empty) + $"line {i} " + new string('y', 60)).ToArray();
        var script = Pop3Script.LoggedIn + "C: RETR 1\nS: +OK\n" + string.Concat(lines.Select(l => "S: " + (l.StartsWith('.') ? "." + l : l) + "\n")) + "S: .";
        var expected = string.Concat(lines.Select(l => l + "\r\n"));
        var stream = new ScriptedServerStream(script, ChunkMode.Whole);
        await using var client = await Pop3Script.LoginAsync(stream);
        using var destination = new MemoryStream();
        await client.RetrieveAsync(1, destination, default);
        Assert.Equal(expected, Encoding.ASCII.GetString(destination.ToArray()));
    }
}
