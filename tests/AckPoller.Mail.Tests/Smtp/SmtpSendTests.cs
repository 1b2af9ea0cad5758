using System.Text;
using AckPoller.Mail.Smtp;
using AckPoller.Mail.Tests.Transcripts;

namespace AckPoller.Mail.Tests.Smtp;

[Trait("Category", "Unit")]
public class SmtpSendTests
{
    private static readonly byte[] SimpleMessage = "Subject: ack\r\n\r\nack\r\n"u8.ToArray();

    [Fact]
    public async Task Sends_envelope_and_data_and_returns_the_queue_id()
    {
        var script = SmtpScripts.Hello + """
            C: MAIL FROM:<alerts@example.test> SIZE=21
            S: 250 2.1.0 Ok
            C: RCPT TO:<oncall@example.test>
            S: 250 2.1.5 Ok
            C: DATA
            S: 354 End data with <CR><LF>.<CR><LF>
            C: Subject: ack
            C: 
            C: ack
            C: .
            S: 250 2.0.0 Ok: queued as 4Xb9sT2kYFz1L
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            var result = await client.SendAsync("alerts@example.test", ["oncall@example.test"], SimpleMessage, default);
            Assert.True(stream.Completed);
            Assert.Equal(["oncall@example.test"], result.AcceptedRecipients);
            Assert.Empty(result.RejectedRecipients);
            Assert.Equal("250 2.0.0 Ok: queued as 4Xb9sT2kYFz1L", result.ServerResponse);
            Assert.Equal("4Xb9sT2kYFz1L", result.QueueId);
        });
    }

    [Fact]
    public async Task Dot_stuffs_lines_and_normalises_line_ends()
    {
        // ".hidden" and ".." lines are stuffed, bare LF and bare CR become CRLF, a lone "." line cannot end the data,
        // and the missing final CRLF is added.
        var message = Encoding.ASCII.GetBytes(".starts with a dot\r\nmiddle\n.\nbare cr\r.\r\n..two\r\nno final newline");
        var script = SmtpScripts.PlainHello + """
            C: MAIL FROM:<a@example.test>
            S: 250 2.1.0 Ok
            C: RCPT TO:<b@example.test>
            S: 250 2.1.5 Ok
            C: DATA
            S: 354 go ahead
            C: ..starts with a dot
            C: middle
            C: ..
            C: bare cr
            C: ..
            C: ...two
            C: no final newline
            C: .
            S: 250 2.0.0 Ok: queued as ABC
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            await client.SendAsync("a@example.test", ["b@example.test"], message, default);
            var data = stream.ClientOutput[(stream.ClientOutput.IndexOf("DATA\r\n", StringComparison.Ordinal) + 6)..];
            Assert.Equal("..starts with a dot\r\nmiddle\r\n..\r\nbare cr\r\n..\r\n...two\r\nno final newline\r\n.\r\n", data);
        });
    }

    [Fact]
    public async Task An_empty_message_is_just_the_terminating_dot()
    {
        var script = SmtpScripts.PlainHello + """
            C: MAIL FROM:<>
            S: 250 2.1.0 Ok
            C: RCPT TO:<b@example.test>
            S: 250 2.1.5 Ok
            C: DATA
            S: 354 go ahead
            C: .
            S: 250 2.0.0 Ok
            """;
        var stream = new ScriptedServerStream(script, ChunkMode.Whole);
        await using var client = await SmtpScripts.ConnectAsync(stream);
        var result = await client.SendAsync(string.Empty, ["b@example.test"], ReadOnlyMemory<byte>.Empty, default);
        Assert.Null(result.QueueId);
        Assert.True(stream.Completed);
    }

    [Fact]
    public async Task Collects_per_recipient_failures_and_sends_to_the_rest()
    {
        var script = SmtpScripts.Hello + """
            C: MAIL FROM:<alerts@example.test> SIZE=21
            S: 250 2.1.0 Ok
            C: RCPT TO:<gone@example.test>
            S: 550 5.1.1 <gone@example.test>: Recipient address rejected: User unknown
            C: RCPT TO:<oncall@example.test>
            S: 250 2.1.5 Ok
            C: RCPT TO:<full@example.test>
            S: 452 4.2.2 <full@example.test>: Mailbox full
            C: DATA
            S: 354 End data with <CR><LF>.<CR><LF>
            C: Subject: ack
            C: 
            C: ack
            C: .
            S: 250 2.0.0 Ok: queued as 1234
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            var result = await client.SendAsync("alerts@example.test", ["gone@example.test", "oncall@example.test", "full@example.test"], SimpleMessage, default);
            Assert.Equal(["oncall@example.test"], result.AcceptedRecipients);
            Assert.Equal(2, result.RejectedRecipients.Count);
            var gone = result.RejectedRecipients[0];
            Assert.Equal("gone@example.test", gone.Address);
            Assert.Equal(550, gone.StatusCode);
            Assert.Equal("5.1.1", gone.EnhancedStatusCode);
            Assert.False(gone.IsTransient);
            Assert.Contains("User unknown", gone.ServerResponse, StringComparison.Ordinal);
            Assert.True(result.RejectedRecipients[1].IsTransient);
        });
    }

    [Fact]
    public async Task When_every_recipient_is_refused_the_transaction_is_reset_and_an_error_thrown()
    {
        var script = SmtpScripts.PlainHello + """
            C: MAIL FROM:<a@example.test>
            S: 250 2.1.0 Ok
            C: RCPT TO:<x@example.test>
            S: 550 5.1.1 <x@example.test>: User unknown
            C: RCPT TO:<y@example.test>
            S: 554 5.7.1 <y@example.test>: Relay access denied
            C: RSET
            S: 250 2.0.0 Ok
            C: NOOP
            S: 250 2.0.0 Ok
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            var error = await Assert.ThrowsAsync<SmtpCommandException>(
                () => client.SendAsync("a@example.test", ["x@example.test", "y@example.test"], SimpleMessage, default));
            Assert.Equal(550, error.StatusCode);
            Assert.Equal("5.1.1", error.EnhancedStatusCode);
            Assert.True(error.IsPermanent);
            Assert.Contains("x@example.test", error.Message, StringComparison.Ordinal);
            Assert.Contains("Relay access denied", error.Message, StringComparison.Ordinal);
            await client.NoopAsync(default); // the session is still usable
            Assert.True(stream.Completed);
        });
    }

    [Theory]
    [InlineData("451 4.3.0 Temporary lookup failure", 451, true)]
    [InlineData("550 5.7.1 Sender address rejected: not owned by user", 550, false)]
    [InlineData("530 5.7.0 Authentication required", 530, false)]
    public async Task MAIL_FROM_refusals_are_typed_transient_or_permanent(string reply, int code, bool transient)
    {
        var script = SmtpScripts.PlainHello + $"""
            C: MAIL FROM:<a@example.test>
            S: {reply}
            C: NOOP
            S: 250 2.0.0 Ok
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            var error = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync("a@example.test", ["b@example.test"], SimpleMessage, default));
            Assert.Equal(code, error.StatusCode);
            Assert.Equal(transient, error.IsTransient);
            Assert.Equal(!transient, error.IsPermanent);
            Assert.Equal(MailErrorKind.Command, error.Kind);
            Assert.Equal(reply, error.ServerResponse);
            Assert.Equal(error.EnhancedStatusCode, error.ResponseCode);
            Assert.False(error.RaisedByClient);
            await client.NoopAsync(default);
        });
    }

    [Fact]
    public async Task A_refused_message_after_the_final_dot_is_a_command_error()
    {
        var script = SmtpScripts.PlainHello + """
            C: MAIL FROM:<a@example.test>
            S: 250 2.1.0 Ok
            C: RCPT TO:<b@example.test>
            S: 250 2.1.5 Ok
            C: DATA
            S: 354 go ahead
            C: Subject: ack
            C: 
            C: ack
            C: .
            S: 554 5.7.1 Message rejected as spam
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            var error = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync("a@example.test", ["b@example.test"], SimpleMessage, default));
            Assert.Equal(554, error.StatusCode);
            Assert.Equal("5.7.1", error.EnhancedStatusCode);
            Assert.True(client.Connection!.IsUsable);
        });
    }

    [Fact]
    public async Task A_refused_DATA_resets_the_transaction()
    {
        var script = SmtpScripts.PlainHello + """
            C: MAIL FROM:<a@example.test>
            S: 250 2.1.0 Ok
            C: RCPT TO:<b@example.test>
            S: 250 2.1.5 Ok
            C: DATA
            S: 451 4.3.0 Queue file write error
            C: RSET
            S: 250 2.0.0 Ok
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            var error = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync("a@example.test", ["b@example.test"], SimpleMessage, default));
            Assert.True(error.IsTransient);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task A_421_on_RCPT_breaks_the_connection()
    {
        var script = SmtpScripts.PlainHello + """
            C: MAIL FROM:<a@example.test>
            S: 250 2.1.0 Ok
            C: RCPT TO:<b@example.test>
            S: 421 4.7.0 mail.example.test Error: too many errors
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            var error = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync("a@example.test", ["b@example.test"], SimpleMessage, default));
            Assert.Equal(421, error.StatusCode);
            Assert.True(error.IsTransient);
            Assert.False(client.Connection!.IsUsable);
        });
    }

    [Fact]
    public async Task A_message_over_the_advertised_SIZE_is_refused_before_anything_is_sent()
    {
        const string Script = """
            S: 220 mail.example.test
            C: EHLO client.test
            S: 250-mail.example.test
            S: 250 SIZE 100
            """;
        await ScriptedServerStream.ForEachModeAsync(Script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            var message = Encoding.ASCII.GetBytes("Subject: big\r\n\r\n" + new string('x', 200) + "\r\n");
            var error = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync("a@example.test", ["b@example.test"], message, default));
            Assert.True(error.RaisedByClient);
            Assert.Equal(552, error.StatusCode);
            Assert.Equal("5.3.4", error.EnhancedStatusCode);
            Assert.True(error.IsPermanent);
            Assert.Contains("218 bytes", error.Message, StringComparison.Ordinal);
            Assert.Contains("at most 100", error.Message, StringComparison.Ordinal);
            Assert.Equal("SIZE 100", error.ServerResponse);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task SIZE_counts_the_message_as_transmitted_with_CRLF_line_ends()
    {
        // "a\nb" goes out as "a\r\nb\r\n": 6 octets.
        var script = SmtpScripts.Hello + """
            C: MAIL FROM:<a@example.test> SIZE=6
            S: 250 2.1.0 Ok
            C: RCPT TO:<b@example.test>
            S: 250 2.1.5 Ok
            C: DATA
            S: 354 go ahead
            C: a
            C: b
            C: .
            S: 250 2.0.0 Ok
            """;
        var stream = new ScriptedServerStream(script, ChunkMode.Whole);
        await using var client = await SmtpScripts.ConnectAsync(stream);
        await client.SendAsync("a@example.test", ["b@example.test"], "a\nb"u8.ToArray(), default);
        Assert.True(stream.Completed);
    }

    [Fact]
    public async Task Eight_bit_messages_declare_BODY_8BITMIME()
    {
        var message = Encoding.UTF8.GetBytes("Subject: Bestätigung\r\n\r\nÜbernommen\r\n");
        var script = SmtpScripts.Hello + $"""
            C: MAIL FROM:<a@example.test> SIZE={message.Length} BODY=8BITMIME
            S: 250 2.1.0 Ok
            C: RCPT TO:<b@example.test>
            S: 250 2.1.5 Ok
            C: DATA
            S: 354 go ahead
            C: Subject: Bestätigung
            C: 
            C: Übernommen
            C: .
            S: 250 2.0.0 Ok
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            await client.SendAsync("a@example.test", ["b@example.test"], message, default);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Eight_bit_messages_are_refused_when_8BITMIME_is_not_advertised()
    {
        var stream = new ScriptedServerStream(SmtpScripts.PlainHello, ChunkMode.Whole);
        await using var client = await SmtpScripts.ConnectAsync(stream);
        var error = await Assert.ThrowsAsync<SmtpCommandException>(
            () => client.SendAsync("a@example.test", ["b@example.test"], Encoding.UTF8.GetBytes("Subject: ü\r\n\r\nü\r\n"), default));
        Assert.True(error.RaisedByClient);
        Assert.Contains("8BITMIME", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_ASCII_addresses_use_SMTPUTF8()
    {
        var script = SmtpScripts.Hello + """
            C: MAIL FROM:<alerts@example.test> SIZE=21 SMTPUTF8
            S: 250 2.1.0 Ok
            C: RCPT TO:<jörg@bücher.example>
            S: 250 2.1.5 Ok
            C: DATA
            S: 354 go ahead
            C: Subject: ack
            C: 
            C: ack
            C: .
            S: 250 2.0.0 Ok
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            await client.SendAsync("alerts@example.test", ["jörg@bücher.example"], SimpleMessage, default);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Non_ASCII_addresses_are_refused_without_SMTPUTF8()
    {
        await ScriptedServerStream.ForEachModeAsync(SmtpScripts.PlainHello, async stream =>
        {
            await using var client = await SmtpScripts.ConnectAsync(stream);
            var error = await Assert.ThrowsAsync<SmtpCommandException>(
                () => client.SendAsync("alerts@example.test", ["jörg@bücher.example"], SimpleMessage, default));
            Assert.True(error.RaisedByClient);
            Assert.Equal(553, error.StatusCode);
            Assert.Contains("SMTPUTF8", error.Message, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("a@example.test>\r\nRCPT TO:<evil@example.test")]
    [InlineData("a@example.test\nDATA")]
    [InlineData("a@example.test> SIZE=1")]
    [InlineData("<a@example.test")]
    [InlineData("a\0@example.test")]
    [InlineData(" a@example.test")]
    public async Task Addresses_that_could_inject_commands_are_rejected_before_sending(string address)
    {
        // The script ends after EHLO: any MAIL FROM would fail the test.
        var stream = new ScriptedServerStream(SmtpScripts.PlainHello, ChunkMode.Whole);
        await using var client = await SmtpScripts.ConnectAsync(stream);
        await Assert.ThrowsAsync<ArgumentException>(() => client.SendAsync(address, ["b@example.test"], SimpleMessage, default));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SendAsync("a@example.test", [address], SimpleMessage, default));
    }

    [Fact]
    public async Task Empty_and_missing_recipients_are_rejected()
    {
        var stream = new ScriptedServerStream(SmtpScripts.PlainHello, ChunkMode.Whole);
        await using var client = await SmtpScripts.ConnectAsync(stream);
        await Assert.ThrowsAsync<ArgumentException>(() => client.SendAsync("a@example.test", [], SimpleMessage, default));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SendAsync("a@example.test", [string.Empty], SimpleMessage, default));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SendAsync("a@example.test", ["x@" + new string('a', 300)], SimpleMessage, default));
    }

    [Fact]
    public async Task Sends_from_a_stream_in_small_reads_with_the_same_result()
    {
        // One byte per read: CRLF pairs, stuffed dots and bare CRs straddle every chunk boundary.
        var message = Encoding.ASCII.GetBytes(".a\r\n.\r\nb\rc\n..d\r");
        var script = SmtpScripts.Hello + """
            C: MAIL FROM:<a@example.test> SIZE=18
            S: 250 2.1.0 Ok
            C: RCPT TO:<b@example.test>
            S: 250 2.1.5 Ok
            C: DATA
            S: 354 go ahead
            C: ..a
            C: ..
            C: b
            C: c
            C: ...d
            C: .
            S: 250 2.0.0 Ok
            """;
        var stream = new ScriptedServerStream(script, ChunkMode.Whole);
        await using var client = await SmtpScripts.ConnectAsync(stream);
        await client.SendAsync("a@example.test", ["b@example.test"], new TrickleStream(message), default);
        var data = stream.ClientOutput[(stream.ClientOutput.IndexOf("DATA\r\n", StringComparison.Ordinal) + 6)..];
        Assert.Equal("..a\r\n..\r\nb\r\nc\r\n...d\r\n.\r\n", data);
    }

    [Fact]
    public async Task Sends_from_a_non_seekable_stream()
    {
        var script = SmtpScripts.Hello + """
            C: MAIL FROM:<a@example.test> SIZE=21
            S: 250 2.1.0 Ok
            C: RCPT TO:<b@example.test>
            S: 250 2.1.5 Ok
            C: DATA
            S: 354 go ahead
            C: Subject: ack
            C: 
            C: ack
            C: .
            S: 250 2.0.0 Ok
            """;
        var stream = new ScriptedServerStream(script, ChunkMode.Whole);
        await using var client = await SmtpScripts.ConnectAsync(stream);
        await client.SendAsync("a@example.test", ["b@example.test"], new TrickleStream(SimpleMessage, seekable: false), default);
        Assert.True(stream.Completed);
    }

    [Fact]
    public async Task A_source_stream_failing_during_DATA_breaks_the_connection()
    {
        var script = SmtpScripts.PlainHello + """
            C: MAIL FROM:<a@example.test>
            S: 250 2.1.0 Ok
            C: RCPT TO:<b@example.test>
            S: 250 2.1.5 Ok
            C: DATA
            S: 354 go ahead
            """;
        var stream = new ScriptedServerStream(script, ChunkMode.Whole);
        await using var client = await SmtpScripts.ConnectAsync(stream);
        var source = new FailingSecondPassStream("Subject: x\r\n\r\nx\r\n"u8.ToArray());
        await Assert.ThrowsAsync<IOException>(() => client.SendAsync("a@example.test", ["b@example.test"], source, default));
        Assert.False(client.Connection!.IsUsable);
    }

    [Fact]
    public async Task A_large_message_is_sent_intact()
    {
        var body = new StringBuilder();
        for (var i = 0; i < 20000; i++)
        {
            body.Append(i % 7 == 0 ? "." : string.Empty).Append("line ").Append(i).Append(i % 3 == 0 ? "\n" : "\r\n");
        }

        var message = Encoding.ASCII.GetBytes(body.ToString());
        var expected = new StringBuilder();
        foreach (var line in body.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n'))
        {
            expected.Append(line.StartsWith('.') ? "." + line : line).Append("\r\n");
        }

        var script = SmtpScripts.PlainHello + "C: MAIL FROM:<a@example.test>\nS: 250 Ok\nC: RCPT TO:<b@example.test>\nS: 250 Ok\nC: DATA\nS: 354 go\n"
            + string.Concat(expected.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => "C: " + l + "\n"))
            + "C: .\nS: 250 Ok\n";
        var stream = new ScriptedServerStream(script, ChunkMode.Whole);
        await using var client = await SmtpScripts.ConnectAsync(stream);
        await client.SendAsync("a@example.test", ["b@example.test"], message, default);
        var data = stream.ClientOutput[(stream.ClientOutput.IndexOf("DATA\r\n", StringComparison.Ordinal) + 6)..];
        Assert.Equal(expected + ".\r\n", data);
    }

    /// <summary>Reads fine once (the measuring pass), then fails after the position is reset for sending.</summary>
    private sealed class FailingSecondPassStream(byte[] data) : MemoryStream(data)
    {
        private bool _rewound;

        public override long Position
        {
            get => base.Position;
            set
            {
                _rewound = true;
                base.Position = value;
            }
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _rewound ? throw new IOException("disk gone") : base.ReadAsync(buffer, cancellationToken);
    }
}
