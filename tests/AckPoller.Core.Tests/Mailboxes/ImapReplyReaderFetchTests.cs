using AckPoller.Core.Configuration;
using AckPoller.Core.Tests.Support;

namespace AckPoller.Core.Tests.Mailboxes;

/// <summary>Issue 10: a FETCH answered without the body (Office 365) is never taken for an expunge without asking.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ImapReplyReaderFetchTests
{
    private const string Key = "imap:INBOX:7:5";

    private const string Opening = """
        S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN MOVE UIDPLUS] ready
        C: *
        S: A001 OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN MOVE UIDPLUS] Logged in
        C: A002 SELECT INBOX
        S: * 1 EXISTS
        S: * OK [UIDVALIDITY 7] ok
        S: * OK [UIDNEXT 6] next
        S: A002 OK [READ-WRITE] done
        C: *
        S: * 1 FETCH (UID 5 INTERNALDATE "01-Jan-2026 10:00:00 +0000" RFC822.SIZE 100)
        S: A003 OK done
        C: A004 UID FETCH 5 (UID BODY.PEEK[])
        S: * 1 FETCH (UID 5 FLAGS (\Seen))
        S: A004 OK FETCH completed.
        C: *

        """;

    private const string StillThere = Opening + """
        S: * SEARCH 5
        S: A005 OK done

        """;

    private static string Logout(string tag) => $"""
        C: *
        S: * BYE bye
        S: {tag} OK done
        """;

    [Fact]
    public async Task A_message_that_still_exists_but_came_without_its_body_is_fetched_again_then_recorded_as_failed()
    {
        var filed = """
            C: A006 CREATE Rejected
            S: A006 OK created
            C: A007 UID STORE 5 +FLAGS.SILENT (\Seen)
            S: A007 OK done
            C: A008 UID MOVE 5 Rejected
            S: [COPYUID 7 5 1]
            S: * 1 EXPUNGE
            S: A008 OK moved

            """;
        await using var server = new ScriptedTcpServer(
            StillThere + Logout("A006"),
            StillThere + filed + Logout("A009"));
        var kit = new ReaderTestKit(server, new AccountProcessingOptions { ProcessExistingMail = true, MaxFetchAttempts = 2 });

        var first = await kit.Imap.ReadAsync(kit.Credentials, default);
        Assert.Equal(1, first.Failed);
        Assert.Empty(kit.Log.Processed);
        Assert.Contains(server.ClientLines, l => l.EndsWith("UID SEARCH UID 5", StringComparison.Ordinal));

        var second = await kit.Imap.ReadAsync(kit.Credentials, default);
        Assert.Equal(1, second.Ignored);
        var recorded = Assert.Single(kit.Log.Processed);
        Assert.EndsWith(Key, recorded.Key, StringComparison.Ordinal);
        Assert.Contains("without the body 2 times", recorded.Value.Result.Reason, StringComparison.Ordinal);
        await server.Done;
    }

    [Fact]
    public async Task A_message_the_server_says_is_gone_counts_as_expunged_and_the_cursor_moves_past_it()
    {
        var gone = Opening + """
            S: * SEARCH
            S: A005 OK done

            """;
        await using var server = new ScriptedTcpServer(gone + Logout("A006"));
        var kit = new ReaderTestKit(server, new AccountProcessingOptions { ProcessExistingMail = true });

        var result = await kit.Imap.ReadAsync(kit.Credentials, default);

        Assert.Equal(0, result.Failed);
        Assert.Empty(kit.Log.Processed);
        Assert.Equal(5u, kit.Log.SavedCursors[^1].Cursor.LastUid);
        await server.Done;
    }

    [Fact]
    public async Task An_unreadable_answer_to_the_move_leaves_a_recorded_message_that_the_next_poll_only_files()
    {
        string Poll(string moveAnswer, string logout) => $$"""
            S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN MOVE UIDPLUS] ready
            C: *
            S: A001 OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN MOVE UIDPLUS] Logged in
            C: A002 SELECT INBOX
            S: * 1 EXISTS
            S: * OK [UIDVALIDITY 7] ok
            S: A002 OK [READ-WRITE] done
            C: *
            S: * 1 FETCH (UID 5 INTERNALDATE "01-Jan-2026 10:00:00 +0000" RFC822.SIZE 49)
            S: A003 OK done
            C: A004 UID FETCH 5 (UID BODY.PEEK[])
            S: * 1 FETCH (UID 5 BODY[] {49}
            S: From: someone@contoso.com
            S: Subject: hello
            S:
            S: hi
            S: )
            S: A004 OK done
            C: A005 CREATE Rejected
            S: A005 OK created
            C: *
            S: A006 OK stored
            C: A007 UID MOVE 5 Rejected
            {{moveAnswer}}
            {{logout}}
            """;
        await using var server = new ScriptedTcpServer(
            Poll("S: %%% not IMAP at all", string.Empty),
            Poll("S: A007 OK moved", "C: *\nS: * BYE bye\nS: A008 OK done"));
        var kit = new ReaderTestKit(server, new AccountProcessingOptions { ProcessExistingMail = true });

        await Assert.ThrowsAsync<AckPoller.Mail.MailProtocolException>(() => kit.Imap.ReadAsync(kit.Credentials, default));
        var recorded = Assert.Single(kit.Log.Processed);
        Assert.EndsWith(Key, recorded.Key, StringComparison.Ordinal);

        var second = await kit.Imap.ReadAsync(kit.Credentials, default);
        Assert.Single(kit.Log.Processed);
        Assert.Equal(1, second.Fetched);
        Assert.Equal(2, server.ClientLines.Count(l => l == "A007 UID MOVE 5 Rejected"));
        await server.Done;
    }
}
