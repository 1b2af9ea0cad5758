using AckPoller.Mail.Tests.Transcripts;

namespace AckPoller.Mail.Tests.Pop3;

[Trait("Category", "Unit")]
public class Pop3MaildropTests
{
    [Fact]
    public async Task STAT_gives_count_and_total_size()
    {
        var script = Pop3Script.LoggedIn + "C: STAT\nS: +OK 2 3200000000";
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            var stat = await client.StatAsync(default);
            Assert.Equal(2, stat.Count);
            Assert.Equal(3_200_000_000L, stat.TotalSize);
        });
    }

    [Fact]
    public async Task LIST_gives_numbers_and_sizes_and_ignores_extra_words()
    {
        var script = Pop3Script.LoggedIn + """
            C: LIST
            S: +OK 3 messages (320 octets)
            S: 1 120
            S: 2 200 extra-info
            S: 4 0
            S: .
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            var list = await client.ListAsync(default);
            Assert.Equal([new(1, 120), new(2, 200), new(4, 0)], list);
        });
    }

    [Fact]
    public async Task An_empty_LIST_is_an_empty_list()
    {
        var script = Pop3Script.LoggedIn + "C: LIST\nS: +OK 0 messages\nS: .";
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            Assert.Empty(await client.ListAsync(default));
        });
    }

    [Fact]
    public async Task UIDL_gives_numbers_and_unique_ids()
    {
        var script = Pop3Script.LoggedIn + """
            C: UIDL
            S: +OK
            S: 1 whqtswO00WBw418f9t5JxYwZ
            S: 2 QhdPYR:00WBw1Ph7x7
            S: .
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            var uids = await client.UidlAsync(default);
            Assert.Equal([new(1, "whqtswO00WBw418f9t5JxYwZ"), new(2, "QhdPYR:00WBw1Ph7x7")], uids);
        });
    }

    [Theory]
    [InlineData("C: STAT\nS: +OK two 300")]
    [InlineData("C: STAT\nS: +OK")]
    [InlineData("C: LIST\nS: +OK\nS: 1 -5\nS: .")]
    [InlineData("C: LIST\nS: +OK\nS: x 5\nS: .")]
    [InlineData("C: UIDL\nS: +OK\nS: 1\nS: .")]
    [InlineData("C: UIDL\nS: +OK\nS: 0 abc\nS: .")]
    public async Task Malformed_answers_are_protocol_errors_that_drop_the_connection(string exchange)
    {
        await ScriptedServerStream.ForEachModeAsync(Pop3Script.LoggedIn + exchange, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            Func<Task> command = exchange[3..7] switch
            {
                "STAT" => () => client.StatAsync(default),
                "LIST" => () => client.ListAsync(default),
                _ => () => client.UidlAsync(default),
            };
            await Assert.ThrowsAsync<MailProtocolException>(command);
            Assert.False(client.Connection!.IsUsable);
        });
    }

    [Fact]
    public async Task A_UIDL_id_longer_than_70_characters_is_garbage()
    {
        var script = Pop3Script.LoggedIn + $"C: UIDL\nS: +OK\nS: 1 {new string('a', 71)}\nS: .";
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            await Assert.ThrowsAsync<MailProtocolException>(() => client.UidlAsync(default));
        });
    }

    [Fact]
    public async Task A_status_line_that_is_neither_OK_nor_ERR_is_garbage()
    {
        var script = Pop3Script.LoggedIn + "C: NOOP\nS: OK fine";
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            var error = await Assert.ThrowsAsync<MailProtocolException>(() => client.NoopAsync(default));
            Assert.Contains("'OK fine'", error.Message, StringComparison.Ordinal);
            Assert.False(client.Connection!.IsUsable);
        });
    }

    [Fact]
    public async Task A_continuation_outside_AUTH_is_garbage()
    {
        var script = Pop3Script.LoggedIn + "C: NOOP\nS: + abc";
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            await Assert.ThrowsAsync<MailProtocolException>(() => client.NoopAsync(default));
        });
    }

    [Fact]
    public async Task ERR_with_IN_USE_is_a_command_error_and_the_connection_stays_usable()
    {
        var script = Pop3Script.LoggedIn + """
            C: DELE 3
            S: -ERR [IN-USE] Mailbox is locked by another session
            C: NOOP
            S: +OK
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            var error = await Assert.ThrowsAsync<MailCommandException>(() => client.DeleteAsync(3, default));
            Assert.Equal("IN-USE", error.ResponseCode);
            Assert.Equal("[IN-USE] Mailbox is locked by another session", error.ServerResponse);
            Assert.Contains("DELE 3", error.Message, StringComparison.Ordinal);
            Assert.True(client.Connection!.IsUsable);
            await client.NoopAsync(default);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task ERR_without_a_response_code_has_none()
    {
        var script = Pop3Script.LoggedIn + "C: RETR 9\nS: -ERR There's no message 9.";
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            var error = await Assert.ThrowsAsync<MailCommandException>(() => client.RetrieveAsync(9, default));
            Assert.Null(error.ResponseCode);
            Assert.True(client.Connection!.IsUsable);
        });
    }

    [Fact]
    public async Task DELE_RSET_NOOP_and_QUIT_are_sent_and_QUIT_closes_the_session()
    {
        var script = Pop3Script.LoggedIn + """
            C: DELE 1
            S: +OK Marked to be deleted.
            C: RSET
            S: +OK
            C: DELE 2
            S: +OK Marked to be deleted.
            C: NOOP
            S: +OK
            C: QUIT
            S: +OK Logging out, messages deleted.
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            await client.DeleteAsync(1, default);
            await client.ResetAsync(default);
            await client.DeleteAsync(2, default);
            await client.NoopAsync(default);
            await client.QuitAsync(default);
            Assert.True(stream.Completed);
            Assert.False(client.IsAuthenticated);
            Assert.False(client.Connection!.IsUsable);
            await Assert.ThrowsAsync<InvalidOperationException>(() => client.NoopAsync(default));
        });
    }

    [Fact]
    public async Task QUIT_that_fails_to_delete_reports_the_error_and_still_closes()
    {
        var script = Pop3Script.LoggedIn + "C: QUIT\nS: -ERR [SYS/PERM] Some deleted messages not removed";
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            var error = await Assert.ThrowsAsync<MailCommandException>(() => client.QuitAsync(default));
            Assert.Equal("SYS/PERM", error.ResponseCode);
            Assert.False(client.Connection!.IsUsable);
        });
    }

    [Fact]
    public async Task QUIT_is_allowed_before_login()
    {
        var script = Pop3Script.Greeting + "C: QUIT\nS: +OK bye";
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await Pop3Script.ConnectAsync(stream);
            await client.QuitAsync(default);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Message_numbers_below_one_are_refused_before_sending()
    {
        await ScriptedServerStream.ForEachModeAsync(Pop3Script.LoggedIn, async stream =>
        {
            await using var client = await Pop3Script.LoginAsync(stream);
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.DeleteAsync(0, default));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.RetrieveAsync(-1, default));
            Assert.True(stream.Completed);
        });
    }
}
