using System.Text;
using AckPoller.Mail.Tests.Transcripts;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Transport;

[Trait("Category", "Unit")]
public class MailConnectionTests
{
    [Fact]
    public async Task Reads_lines_and_exact_bytes_in_every_chunk_mode()
    {
        const string Script = "S: first line\nC: HELLO\nS: {5}\nS: abc\nS: tail";
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            await using var connection = MailConnection.FromStream(stream, "example.test", 143);
            Assert.Equal("first line", Encoding.ASCII.GetString((await connection.ReadLineAsync(default)).Span));
            await connection.WriteLineAsync("HELLO", default);
            Assert.Equal("{5}", Encoding.ASCII.GetString((await connection.ReadLineAsync(default)).Span));
            var literal = new byte[5];
            await connection.ReadExactAsync(literal, default);
            Assert.Equal("abc\r\n", Encoding.ASCII.GetString(literal));
            Assert.Equal("tail", Encoding.ASCII.GetString((await connection.ReadLineAsync(default)).Span));
        });
    }

    [Fact]
    public async Task A_line_over_the_limit_is_a_protocol_error_and_breaks_the_connection()
    {
        var stream = new ScriptedServerStream("S: " + new string('x', 5000), ChunkMode.Whole);
        await using var connection = MailConnection.FromStream(stream, "example.test", 143, new MailConnectionOptions { MaxLineLength = 1000 });
        await Assert.ThrowsAsync<MailProtocolException>(async () => await connection.ReadLineAsync(default));
        Assert.False(connection.IsUsable);
    }

    [Fact]
    public async Task End_of_stream_is_a_connection_error()
    {
        var stream = new ScriptedServerStream("S: partial", ChunkMode.Whole);
        await using var connection = MailConnection.FromStream(stream, "example.test", 143);
        await connection.ReadLineAsync(default);
        var error = await Assert.ThrowsAsync<MailConnectionException>(async () => await connection.ReadLineAsync(default));
        Assert.Contains("closed the connection", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_are_redacted_in_the_protocol_log()
    {
        var log = new StringWriter();
        var stream = new ScriptedServerStream("C: A1 AUTHENTICATE XOAUTH2 c2VjcmV0LXRva2Vu", ChunkMode.Whole);
        await using var connection = MailConnection.FromStream(stream, "example.test", 143, new MailConnectionOptions { ProtocolLog = new TextProtocolLog(log) });
        var line = "A1 AUTHENTICATE XOAUTH2 c2VjcmV0LXRva2Vu\r\n"u8.ToArray();
        await connection.WriteSecretAsync(line, "A1 AUTHENTICATE XOAUTH2 ".Length, default);
        Assert.Equal("C: A1 AUTHENTICATE XOAUTH2 ********" + Environment.NewLine, log.ToString());
        Assert.True(stream.Completed);
    }
}
