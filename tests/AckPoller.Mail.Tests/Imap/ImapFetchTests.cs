using System.Text;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Tests.Transcripts;

namespace AckPoller.Mail.Tests.Imap;

[Trait("Category", "Unit")]
public class ImapFetchTests
{
    // "Subject: hi\r\n\r\n{5}\r\n) x\r\n" = 13 + 2 + 5 + 5 = 25 octets: a literal whose content looks like protocol.
    private const string Fetch = """
        C: A003 UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])
        S: * 1 FETCH (UID 7 FLAGS (\Seen $Forwarded) INTERNALDATE "17-Jul-1996 02:44:25 -0700" RFC822.SIZE 25 BODY[] {25}
        S: Subject: hi
        S:
        S: {5}
        S: ) x
        S: )
        S: * 2 FETCH (FLAGS () UID 8 INTERNALDATE " 1-Feb-2024 10:00:00 +0000" RFC822.SIZE 14 BODY[] "a \"q\" \\ b")
        S: * 3 FETCH (FLAGS (\Deleted))
        S: * 3 FETCH (UID 9 BODY[] NIL FLAGS ())
        S: A003 OK Fetch completed (0.001 + 0.000 secs).
        """;

    private const ImapFetchItems AllItems = ImapFetchItems.Flags | ImapFetchItems.InternalDate | ImapFetchItems.Size | ImapFetchItems.Body;

    [Fact]
    public async Task Fetch_parses_literals_quoted_strings_flags_and_dates_and_skips_unsolicited_responses()
    {
        await ScriptedServerStream.ForEachModeAsync(ImapSession.Selected() + Fetch, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            var messages = await client.UidFetchAsync(UidSet.All, AllItems, default);
            Assert.Equal(2, messages.Count);
            var first = messages[0];
            Assert.Equal(7u, first.Uid);
            Assert.Equal(1u, first.SequenceNumber);
            Assert.Equal([@"\Seen", "$Forwarded"], first.Flags);
            Assert.Equal(new DateTimeOffset(1996, 7, 17, 2, 44, 25, TimeSpan.FromHours(-7)), first.InternalDate);
            Assert.Equal(25, first.Size);
            Assert.Equal("Subject: hi\r\n\r\n{5}\r\n) x\r\n", Encoding.ASCII.GetString(first.Body!));
            Assert.Equal(8u, messages[1].Uid);
            Assert.Empty(messages[1].Flags!);
            Assert.Equal(new DateTimeOffset(2024, 2, 1, 10, 0, 0, TimeSpan.Zero), messages[1].InternalDate);
            Assert.Equal("a \"q\" \\ b", Encoding.ASCII.GetString(messages[1].Body!));
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Streaming_fetch_yields_the_same_messages_one_by_one()
    {
        await ScriptedServerStream.ForEachModeAsync(ImapSession.Selected() + Fetch, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            var uids = new List<uint>();
            await foreach (var message in client.UidFetchStreamAsync(UidSet.All, AllItems, default))
            {
                uids.Add(message.Uid);
            }

            Assert.Equal([7u, 8u], uids);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Stopping_a_streaming_fetch_early_drains_the_rest_and_keeps_the_connection()
    {
        var script = ImapSession.Selected() + Fetch + """

            C: A004 NOOP
            S: A004 OK done
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            await foreach (var message in client.UidFetchStreamAsync(UidSet.All, AllItems, default))
            {
                Assert.Equal(7u, message.Uid);
                break;
            }

            await client.NoopAsync(default);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Header_fetch_and_unknown_items_are_handled()
    {
        var script = ImapSession.Selected() + """
            C: A003 UID FETCH 5 (UID BODY.PEEK[HEADER])
            S: * 1 FETCH (UID 5 MODSEQ (12) BODYSTRUCTURE ("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 4 1) BODY[HEADER] {8}
            S: A: b
            S:
            S:  X-GM-LABELS (\Inbox "a b"))
            S: A003 OK done
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            var message = Assert.Single(await client.UidFetchAsync(UidSet.Single(5), ImapFetchItems.Header, default));
            Assert.Equal("A: b\r\n\r\n", Encoding.ASCII.GetString(message.Header!));
            Assert.Null(message.Body);
        });
    }

    [Fact]
    public async Task An_oversized_literal_is_a_protocol_error_and_drops_the_connection()
    {
        var script = ImapSession.Selected() + """
            C: A003 UID FETCH 1:* (UID BODY.PEEK[])
            S: * 1 FETCH (UID 7 BODY[] {4000000000}
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            client.MaxLiteralSize = 1024;
            var error = await Assert.ThrowsAsync<MailProtocolException>(() => client.UidFetchAsync(UidSet.All, ImapFetchItems.Body, default));
            Assert.Contains("MaxLiteralSize", error.Message, StringComparison.Ordinal);
            Assert.False(client.Connection!.IsUsable);
        });
    }

    [Fact]
    public async Task A_refused_fetch_is_a_command_error()
    {
        var script = ImapSession.Selected() + """
            C: A003 UID FETCH 1:* (UID)
            S: A003 BAD Error in IMAP command UID FETCH: Invalid uidset
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            var error = await Assert.ThrowsAsync<ImapCommandException>(() => client.UidFetchAsync(UidSet.All, ImapFetchItems.Uid, default));
            Assert.Equal("BAD", error.Status);
            Assert.True(client.Connection!.IsUsable);
        });
    }
}
