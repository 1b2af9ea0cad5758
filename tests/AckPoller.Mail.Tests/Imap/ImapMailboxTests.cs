using AckPoller.Mail.Imap;
using AckPoller.Mail.Tests.Transcripts;

namespace AckPoller.Mail.Tests.Imap;

[Trait("Category", "Unit")]
public class ImapMailboxTests
{
    [Fact]
    public async Task Select_reports_uidvalidity_uidnext_counts_and_flags()
    {
        await ScriptedServerStream.ForEachModeAsync(ImapSession.Selected(), async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            var info = client.SelectedMailbox!;
            Assert.Equal("INBOX", info.Name);
            Assert.Equal(1700000000u, info.UidValidity);
            Assert.Equal(4u, info.UidNext);
            Assert.Equal(3u, info.Exists);
            Assert.Equal(0u, info.Recent);
            Assert.Contains(@"\Seen", info.Flags);
            Assert.Contains(@"\*", info.PermanentFlags);
            Assert.False(info.IsReadOnly);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Examine_is_read_only_and_mailbox_names_are_modified_utf7()
    {
        var script = ImapSession.Selected() + """
            C: A003 EXAMINE "Gel&APY-schte Elemente"
            S: * 0 EXISTS
            S: * OK [UIDVALIDITY 7] ok
            S: A003 OK [READ-ONLY] Examine completed.
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            var info = await client.ExamineAsync("Gel\u00f6schte Elemente", default);
            Assert.True(info.IsReadOnly);
            Assert.Null(info.UidNext);
            Assert.Equal(7u, info.UidValidity);
        });
    }

    [Fact]
    public async Task A_refused_select_leaves_nothing_selected()
    {
        var script = ImapSession.Selected() + """
            C: A003 SELECT Nope
            S: A003 NO [NONEXISTENT] Mailbox doesn't exist: Nope
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            var error = await Assert.ThrowsAsync<ImapCommandException>(() => client.SelectAsync("Nope", default));
            Assert.Equal("NONEXISTENT", error.ResponseCode);
            Assert.Equal("NO", error.Status);
            Assert.Equal("[NONEXISTENT] Mailbox doesn't exist: Nope", error.ServerResponse);
            Assert.Null(client.SelectedMailbox);
            Assert.True(client.Connection!.IsUsable);
        });
    }

    [Fact]
    public async Task Search_collects_uids_from_every_search_response()
    {
        var script = ImapSession.Selected() + """
            C: A003 UID SEARCH (UNSEEN SINCE 5-Mar-2024 HEADER X-Ack-Id "a b")
            S: * SEARCH 4 9 12
            S: * SEARCH 15 (MODSEQ 917)
            S: A003 OK Search completed.
            C: A004 UID SEARCH UID 3:*
            S: * SEARCH
            S: A004 OK Search completed.
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            var criteria = ImapSearch.Unseen.And(ImapSearch.Since(new DateOnly(2024, 3, 5))).And(ImapSearch.Header("X-Ack-Id", "a b"));
            Assert.Equal([4u, 9u, 12u, 15u], await client.UidSearchAsync(criteria, default));
            Assert.Empty(await client.UidSearchAsync(ImapSearch.UidRange(3), default));
        });
    }

    [Fact]
    public async Task Non_ascii_search_uses_charset_utf8_and_a_literal()
    {
        var script = ImapSession.Selected() + """
            C: A003 UID SEARCH CHARSET UTF-8 OR SUBJECT {7+}
            C: Grüße FROM bob
            S: * SEARCH 2
            S: A003 OK Search completed.
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            var uids = await client.UidSearchAsync(ImapSearch.Or(ImapSearch.Subject("Gr\u00fc\u00dfe"), ImapSearch.From("bob")), default);
            Assert.Equal([2u], uids);
        });
    }

    [Fact]
    public async Task Store_writes_silent_flag_changes_and_rejects_bad_flags_locally()
    {
        var script = ImapSession.Selected() + """
            C: A003 UID STORE 3,5:9 +FLAGS.SILENT (\Seen $Acked)
            S: A003 OK Store completed.
            C: A004 UID STORE 4 -FLAGS.SILENT (\Flagged)
            S: A004 OK Store completed.
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            await client.UidStoreAsync(UidSet.FromUids([9, 3, 5, 6, 7, 8]), ImapStoreAction.Add, [@"\Seen", "$Acked"], default);
            await Assert.ThrowsAsync<ArgumentException>(() => client.UidStoreAsync(UidSet.Single(4), ImapStoreAction.Add, ["bad flag"], default));
            await client.UidStoreAsync(UidSet.Single(4), ImapStoreAction.Remove, [@"\Flagged"], default);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Move_uses_uid_move_when_offered()
    {
        var script = ImapSession.Selected() + """
            C: A003 UID MOVE 7 Archive
            S: * OK [COPYUID 1700000001 7 1] Moved UIDs.
            S: * 2 EXPUNGE
            S: A003 OK Move completed.
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            await client.UidMoveAsync(UidSet.Single(7), "Archive", default);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Move_falls_back_to_copy_store_and_uid_expunge()
    {
        var script = ImapSession.Selected() + """
            C: A003 UID COPY 7:8 "Sent Items"
            S: A003 OK [COPYUID 1700000001 7:8 1:2] Copy completed.
            C: A004 UID STORE 7:8 +FLAGS.SILENT (\Deleted)
            S: A004 OK Store completed.
            C: A005 UID EXPUNGE 7:8
            S: * 2 EXPUNGE
            S: * 2 EXPUNGE
            S: A005 OK Expunge completed.
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            client.IgnoredCapabilities.Add("MOVE");
            await client.UidMoveAsync(UidSet.Range(7, 8), "Sent Items", default);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Move_without_move_or_uidplus_changes_nothing()
    {
        await ScriptedServerStream.ForEachModeAsync(ImapSession.Selected("IMAP4rev1 IDLE"), async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            var error = await Assert.ThrowsAsync<ImapCommandException>(() => client.UidMoveAsync(UidSet.Single(7), "Archive", default));
            Assert.Equal("MOVE or UIDPLUS", error.MissingCapability);
            Assert.True(stream.Completed);
        });
    }

    [Fact]
    public async Task Move_to_a_missing_mailbox_reports_trycreate()
    {
        var script = ImapSession.Selected() + """
            C: A003 UID MOVE 7 Nowhere
            S: A003 NO [TRYCREATE] Mailbox doesn't exist: Nowhere
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            var error = await Assert.ThrowsAsync<ImapCommandException>(() => client.UidMoveAsync(UidSet.Single(7), "Nowhere", default));
            Assert.True(error.IsTryCreate);
            Assert.Equal("UID MOVE", error.Command);
        });
    }

    [Fact]
    public async Task Create_reports_an_existing_mailbox_as_false()
    {
        var script = ImapSession.Selected() + """
            C: A003 CREATE Acked
            S: A003 OK Create completed.
            C: A004 CREATE Acked
            S: A004 NO [ALREADYEXISTS] Mailbox already exists
            C: A005 CREATE bad/
            S: A005 NO [CANNOT] Invalid mailbox name
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            Assert.True(await client.CreateAsync("Acked", default));
            Assert.False(await client.CreateAsync("Acked", default));
            var error = await Assert.ThrowsAsync<ImapCommandException>(() => client.CreateAsync("bad/", default));
            Assert.Equal("CANNOT", error.ResponseCode);
        });
    }

    [Fact]
    public async Task List_decodes_names_delimiters_and_attributes()
    {
        var script = ImapSession.Selected() + """
            C: A003 LIST "" "*"
            S: * LIST (\HasNoChildren) "/" INBOX
            S: * LIST (\HasNoChildren \Trash) "/" "Gel&APY-schte Elemente"
            S: * LIST (\Noselect \HasChildren) NIL {9}
            S: "quoted"
            S: A003 OK List completed.
            """;
        await ScriptedServerStream.ForEachModeAsync(script, async stream =>
        {
            await using var client = await ImapSession.SelectInboxAsync(stream);
            var list = await client.ListAsync("", "*", default);
            Assert.Equal(3, list.Count);
            Assert.Equal(new ImapMailboxListing("INBOX", '/', [@"\HasNoChildren"]).Name, list[0].Name);
            Assert.Equal("Gel\u00f6schte Elemente", list[1].Name);
            Assert.True(list[1].HasAttribute(@"\trash"));
            Assert.Equal("\"quoted\"", list[2].Name[..8]);
            Assert.Null(list[2].Delimiter);
            Assert.False(list[2].IsSelectable);
        });
    }
}
