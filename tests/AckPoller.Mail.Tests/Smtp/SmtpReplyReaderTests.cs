using System.Text;
using AckPoller.Mail.Smtp;
using AckPoller.Mail.Tests.Transcripts;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Smtp;

[Trait("Category", "Unit")]
public class SmtpReplyReaderTests
{
    private static async Task<SmtpReply> ReadAsync(ScriptedServerStream stream)
    {
        var connection = MailConnection.FromStream(stream, "mail.example.test", 25);
        return await SmtpReplyReader.ReadAsync(connection, default);
    }

    [Theory]
    [InlineData("250 2.1.0 Ok", 250, "2.1.0", "Ok")]
    [InlineData("550 5.1.1 <x@example.test>: Recipient address rejected", 550, "5.1.1", "<x@example.test>: Recipient address rejected")]
    [InlineData("535 5.7.139 Authentication unsuccessful", 535, "5.7.139", "Authentication unsuccessful")]
    [InlineData("250 2.0.0", 250, "2.0.0", "")]
    [InlineData("250", 250, null, "")]
    [InlineData("250 ", 250, null, "")]
    [InlineData("250 Ok", 250, null, "Ok")]
    [InlineData("250 5.1.1 class differs from the reply", 250, null, "5.1.1 class differs from the reply")]
    [InlineData("250 2.1.0000 too many digits", 250, null, "2.1.0000 too many digits")]
    [InlineData("250 2.1.0x not followed by space", 250, null, "2.1.0x not followed by space")]
    [InlineData("354 End data with <CR><LF>.<CR><LF>", 354, null, "End data with <CR><LF>.<CR><LF>")]
    [InlineData("334 VXNlcm5hbWU6", 334, null, "VXNlcm5hbWU6")]
    public async Task Parses_codes_and_enhanced_status_codes(string line, int code, string? enhanced, string text)
    {
        var reply = await ReadAsync(new ScriptedServerStream("S: " + line, ChunkMode.Whole));
        Assert.Equal(code, reply.Code);
        Assert.Equal(enhanced, reply.EnhancedStatusCode);
        Assert.Equal(text, reply.Text);
    }

    [Fact]
    public async Task Reads_a_multi_line_reply_in_every_chunk_mode()
    {
        const string Script = "S: 535-5.7.8 Username and Password not accepted. Learn more at\nS: 535 5.7.8  https://support.example.com/?p=BadCredentials\nS: 250 next";
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            var connection = MailConnection.FromStream(stream, "mail.example.test", 25);
            var reply = await SmtpReplyReader.ReadAsync(connection, default);
            Assert.Equal(535, reply.Code);
            Assert.Equal("5.7.8", reply.EnhancedStatusCode);
            Assert.Equal(["Username and Password not accepted. Learn more at", "https://support.example.com/?p=BadCredentials"], reply.Lines);
            Assert.True(reply.IsPermanent);
            Assert.Equal("535-5.7.8 Username and Password not accepted. Learn more at\n535 5.7.8 https://support.example.com/?p=BadCredentials", reply.ToString());
            Assert.Equal(250, (await SmtpReplyReader.ReadAsync(connection, default)).Code);
        });
    }

    [Fact]
    public async Task Decodes_UTF8_reply_text()
    {
        var stream = new ScriptedServerStream("S: 250 2.1.5 Empfänger ok", ChunkMode.Whole);
        var reply = await ReadAsync(stream);
        Assert.Equal("Empfänger ok", reply.Text);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("25")]
    [InlineData("250x")]
    [InlineData("2500 ok")]
    [InlineData("600 no such class")]
    [InlineData("160 no such class")]
    [InlineData("270 second digit out of range")]
    [InlineData("")]
    [InlineData("* OK [CAPABILITY IMAP4rev1] an IMAP server")]
    [InlineData("+OK a POP3 server")]
    public async Task Garbage_is_a_protocol_error_that_breaks_the_connection(string line)
    {
        await ScriptedServerStream.ForEachModeAsync("S: " + line, async stream =>
        {
            var connection = MailConnection.FromStream(stream, "mail.example.test", 25);
            await Assert.ThrowsAsync<MailProtocolException>(async () => await SmtpReplyReader.ReadAsync(connection, default));
            Assert.False(connection.IsUsable);
        });
    }

    [Fact]
    public async Task A_multi_line_reply_that_changes_code_is_garbage()
    {
        var stream = new ScriptedServerStream("S: 250-first\nS: 251 second", ChunkMode.Whole);
        var connection = MailConnection.FromStream(stream, "mail.example.test", 25);
        var error = await Assert.ThrowsAsync<MailProtocolException>(async () => await SmtpReplyReader.ReadAsync(connection, default));
        Assert.Contains("from 250 to 251", error.Message, StringComparison.Ordinal);
        Assert.False(connection.IsUsable);
    }

    [Fact]
    public async Task An_endless_multi_line_reply_is_cut_off()
    {
        var script = new StringBuilder();
        for (var i = 0; i <= SmtpReplyReader.MaxLines; i++)
        {
            script.Append("S: 250-line ").Append(i).Append('\n');
        }

        var stream = new ScriptedServerStream(script.ToString(), ChunkMode.Whole);
        var connection = MailConnection.FromStream(stream, "mail.example.test", 25);
        await Assert.ThrowsAsync<MailProtocolException>(async () => await SmtpReplyReader.ReadAsync(connection, default));
        Assert.False(connection.IsUsable);
    }

    [Fact]
    public async Task Garbage_in_the_error_message_is_shown_safely()
    {
        var stream = new ScriptedServerStream("S: \u001b[31mred" + new string('x', 200), ChunkMode.Whole);
        var connection = MailConnection.FromStream(stream, "mail.example.test", 25);
        var error = await Assert.ThrowsAsync<MailProtocolException>(async () => await SmtpReplyReader.ReadAsync(connection, default));
        Assert.DoesNotContain('\u001b', error.Message);
        Assert.Contains("...", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("250 2.0.0 Ok: queued as 4Xb9sT2kYFz1L", "4Xb9sT2kYFz1L")]
    [InlineData("250 2.0.0 <abc@example.test> [InternalId=1, Hostname=EX01] Queued mail for delivery", null)]
    [InlineData("250 2.0.0 OK  1700000000 x1-20020a05600c000100b00409ff6f0dbsm1234567wmb.10 - gsmtp", null)]
    [InlineData("250 Ok: queued as ", null)]
    public void QueueId_is_taken_from_queued_as(string response, string? queueId)
    {
        Assert.Equal(queueId, new SmtpSendResult([], [], response).QueueId);
    }
}
