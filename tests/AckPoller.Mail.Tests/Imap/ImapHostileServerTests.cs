using AckPoller.Mail.Imap;
using AckPoller.Mail.Tests.Transcripts;

namespace AckPoller.Mail.Tests.Imap;

[Trait("Category", "Unit")]
public class ImapHostileServerTests
{
    [Theory]
    [InlineData("S: garbage without a tag")]
    [InlineData("S: A999 OK not my tag")]
    [InlineData("S: A003 MAYBE sure")]
    [InlineData("S: * 1 FETCH (UID 7 BODY[] \"unterminated)")]
    [InlineData("S: * 1 FETCH (UID 99999999999 FLAGS ())")]
    [InlineData("S: * 1 FETCH (UID 7 FLAGS (\\Seen)")]
    [InlineData("S: * 1 FETCH (UID 7 INTERNALDATE \"yesterday\")")]
    [InlineData("S: * 1 FETCH (UID 7 BODY[] {3} x)")]
    [InlineData("S: * 1 FETCH UID 7")]
    [InlineData("S: * 1 FETCH (UID 7 BODY[HEADER x)")]
    [InlineData("S: + unexpected continuation")]
    public async Task Garbage_during_a_command_is_a_protocol_error_and_drops_the_connection(string reply)
    {
        var script = ImapSession.Selected() + "C: A003 UID FETCH 1:* (UID FLAGS INTERNALDATE BODY.PEEK[])\n" + reply;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            var items = ImapFetchItems.Flags | ImapFetchItems.InternalDate | ImapFetchItems.Body;
            await Assert.ThrowsAsync<MailProtocolException>(() => client.UidFetchAsync(UidSet.All, items, default));
            Assert.False(client.Connection!.IsUsable);
            await Assert.ThrowsAsync<MailConnectionException>(() => client.NoopAsync(default));
        });
    }

    [Fact]
    public async Task Deeply_nested_lists_are_refused_without_overflowing_the_stack()
    {
        var script = ImapSession.Selected() + "C: A003 UID FETCH 1:* (UID)\nS: * 1 FETCH (UID 7 X " + new string('(', 100_000) + ")";
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            var error = await Assert.ThrowsAsync<MailProtocolException>(() => client.UidFetchAsync(UidSet.All, ImapFetchItems.Uid, default));
            Assert.Contains("nested too deeply", error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Bye_in_the_middle_of_a_command_ends_the_session_with_the_server_text()
    {
        var script = ImapSession.Selected() + """
            C: A003 UID SEARCH UNSEEN
            S: * SEARCH 1
            S: * BYE Session invalidated - AccessTokenExpired
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            var error = await Assert.ThrowsAsync<MailSessionEndedException>(() => client.UidSearchAsync(ImapSearch.Unseen, default));
            Assert.Equal("Session invalidated - AccessTokenExpired", error.ServerResponse);
            Assert.True(error.IsAccessTokenExpired);
            Assert.False(client.Connection!.IsUsable);
        });
    }

    [Fact]
    public async Task A_server_that_closes_mid_response_is_a_connection_error()
    {
        var script = ImapSession.Selected() + """
            C: A003 UID FETCH 1:* (UID BODY.PEEK[])
            S: * 1 FETCH (UID 7 BODY[] {100}
            S: only a few bytes
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            await Assert.ThrowsAsync<MailConnectionException>(() => client.UidFetchAsync(UidSet.All, ImapFetchItems.Body, default));
            Assert.False(client.Connection!.IsUsable);
        });
    }

    [Fact]
    public async Task Untagged_alerts_and_unknown_responses_are_tolerated()
    {
        var script = ImapSession.Selected() + """
            C: A003 NOOP
            S: * OK [ALERT] System going down for maintenance
            S: * NO [ALERT] quota nearly full
            S: * XSTRANGE 1 2 (3)
            S: * 4 EXISTS
            S: * 1 EXPUNGE
            S: A003 OK NOOP completed.
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            await client.NoopAsync(default);
            Assert.True(client.Connection!.IsUsable);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task A_huge_refusal_text_is_cut_in_the_message_but_kept_in_the_server_response()
    {
        var text = new string('z', 50_000);
        var script = ImapSession.Selected() + "C: A003 NOOP\nS: A003 NO " + text;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            var error = await Assert.ThrowsAsync<ImapCommandException>(() => client.NoopAsync(default));
            Assert.True(error.Message.Length < 1000);
            Assert.Equal(text, error.ServerResponse);
        });
    }
}
