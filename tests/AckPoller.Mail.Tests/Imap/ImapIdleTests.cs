using System.Diagnostics;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Tests.Transcripts;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Imap;

[Trait("Category", "Unit")]
public class ImapIdleTests
{
    [Fact]
    public async Task Idle_returns_on_exists_after_done_and_the_tagged_ok()
    {
        var script = ImapSession.Selected() + """
            C: A003 IDLE
            S: + idling
            S: * 1 RECENT
            S: * 4 EXISTS
            C: DONE
            S: * 2 EXPUNGE
            S: A003 OK Idle completed (0.001 + 1.5 secs).
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            var result = await client.IdleAsync(TimeSpan.FromMinutes(5), default);
            Assert.Equal(3u, result.PreviousExists);
            Assert.Equal(4u, result.Exists);
            Assert.Equal(1u, result.Recent);
            Assert.Equal([2u], result.Expunged);
            Assert.True(result.HasNewMessages);
            Assert.False(result.TimedOut);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Keepalives_do_not_end_idle_but_flag_changes_do()
    {
        var script = ImapSession.Selected() + """
            C: A003 IDLE
            S: + idling
            S: * OK Still here
            S: * 2 FETCH (FLAGS (\Seen))
            C: DONE
            S: A003 OK Idle completed.
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            var result = await client.IdleAsync(TimeSpan.FromMinutes(5), default);
            Assert.Equal(1, result.FlagUpdates);
            Assert.False(result.HasNewMessages);
            Assert.True(result.HasChanges);
        });
    }

    [Fact]
    public async Task Bye_during_idle_ends_the_session()
    {
        var script = ImapSession.Selected() + """
            C: A003 IDLE
            S: + idling
            S: * BYE Session invalidated - AccessTokenExpired
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            var error = await Assert.ThrowsAsync<MailSessionEndedException>(() => client.IdleAsync(TimeSpan.FromMinutes(5), default));
            Assert.True(error.IsAccessTokenExpired);
            Assert.False(client.Connection!.IsUsable);
        });
    }

    [Fact]
    public async Task Idle_refused_by_the_server_is_a_command_error()
    {
        var script = ImapSession.Selected() + """
            C: A003 IDLE
            S: A003 NO IDLE not allowed now
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            await Assert.ThrowsAsync<ImapCommandException>(() => client.IdleAsync(TimeSpan.FromMinutes(5), default));
            Assert.True(client.Connection!.IsUsable);
        });
    }

    [Fact]
    public async Task Idle_without_the_capability_is_refused_locally()
    {
        await ScriptedServerStream.ForEachModeAsync(ImapSession.Selected("IMAP4rev1"), async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            var error = await Assert.ThrowsAsync<ImapCommandException>(() => client.IdleAsync(TimeSpan.FromMinutes(5), default));
            Assert.Equal("IDLE", error.MissingCapability);
        });
    }

    [Fact]
    public async Task Idle_times_out_with_done_after_the_maximum_duration()
    {
        await using var server = new LoopbackImapServer();
        await using var client = new ImapClient();
        await server.SelectInboxAsync(client);
        var watch = Stopwatch.StartNew();
        var idle = client.IdleAsync(TimeSpan.FromMilliseconds(300), default);
        await server.ExpectAsync("A003 IDLE");
        await server.SendAsync("+ idling", "* OK Still here");
        await server.ExpectAsync("DONE");
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(250), $"DONE came after {watch.ElapsedMilliseconds} ms");
        await server.SendAsync("A003 OK Idle completed.");
        var result = await idle;
        Assert.True(result.TimedOut);
        Assert.False(result.HasChanges);
        Assert.True(client.Connection!.IsUsable);
    }

    [Fact]
    public async Task Cancelling_idle_sends_done_and_keeps_the_connection_usable()
    {
        await using var server = new LoopbackImapServer();
        await using var client = new ImapClient();
        await server.SelectInboxAsync(client);
        using var cancel = new CancellationTokenSource();
        var idle = client.IdleAsync(TimeSpan.FromMinutes(10), cancel.Token);
        await server.ExpectAsync("A003 IDLE");
        await server.SendAsync("+ idling");
        await Task.Delay(100);
        await cancel.CancelAsync();
        await server.ExpectAsync("DONE");
        await server.SendAsync("A003 OK Idle completed.");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => idle);
        Assert.True(client.Connection!.IsUsable);
        var noop = client.NoopAsync(default);
        await server.ExpectAsync("A004 NOOP");
        await server.SendAsync("A004 OK done");
        await noop;
    }

    [Fact]
    public async Task Long_idle_is_reissued_before_the_read_timeout_and_reports_changes_from_any_round()
    {
        await using var server = new LoopbackImapServer();
        await using var client = new ImapClient(new MailConnectionOptions { ReadWriteTimeout = TimeSpan.FromSeconds(3) });
        await server.SelectInboxAsync(client);
        var idle = client.IdleAsync(TimeSpan.FromSeconds(30), default);

        // Round 1 ends by the client's own timer (0.8 x the read timeout) with no change, so IDLE is re-issued.
        await server.ExpectAsync("A003 IDLE");
        await server.SendAsync("+ idling");
        await server.ExpectAsync("DONE");
        await server.SendAsync("A003 OK Idle completed.");

        // Round 2: past the 3 s read timeout since IDLE began (round 1 took 2.4 s), the connection is still fine.
        // Seconds rather than milliseconds so a loaded machine cannot turn scheduling delays into false timeouts.
        await server.ExpectAsync("A004 IDLE");
        await server.SendAsync("+ idling");
        await Task.Delay(1000);
        await server.SendAsync("* 5 EXISTS");
        await server.ExpectAsync("DONE");
        await server.SendAsync("A004 OK Idle completed.");
        var result = await idle;
        Assert.Equal(5u, result.Exists);
        Assert.False(result.TimedOut);
        Assert.True(client.Connection!.IsUsable);
    }

    [Fact]
    public async Task The_tagged_OK_after_DONE_gets_the_whole_read_timeout_however_long_the_round_was()
    {
        await using var server = new LoopbackImapServer();
        await using var client = new ImapClient(new MailConnectionOptions { ReadWriteTimeout = TimeSpan.FromSeconds(3) });
        await server.SelectInboxAsync(client);
        var idle = client.IdleAsync(TimeSpan.FromSeconds(2), default);

        // The round ends by time at 2 s and the client sends DONE; the read waiting since IDLE began has 1 s of its 3 s
        // left, but the server answers DONE 1.8 s later: still within a read timeout of the DONE.
        await server.ExpectAsync("A003 IDLE");
        await server.SendAsync("+ idling");
        await server.ExpectAsync("DONE");
        await Task.Delay(1800);
        await server.SendAsync("A003 OK Idle completed.");

        var result = await idle;
        Assert.True(result.TimedOut);
        Assert.True(client.Connection!.IsUsable);
    }
}
