using AckPoller.Core.Configuration;
using AckPoller.Core.Mailboxes;
using AckPoller.Core.Tests.Support;

namespace AckPoller.Core.Tests.Mailboxes;

/// <summary>Issue 11 item 4: a fetch batch is bounded by total bytes as well as by count.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class FetchBatchesTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void Many_large_messages_are_split_into_batches_under_the_byte_budget()
    {
        // 50 messages of 15.8 MB each (under MaxMessageBytes), as in the issue: a 32 MiB budget takes two at a time.
        var sizes = Enumerable.Repeat((long?)15_800_000, 50).ToList();
        var options = new AccountProcessingOptions { MaxMessageBytes = 16 * MiB, MaxBatchBytes = 32 * MiB };
        var batches = Split(sizes, options);
        Assert.Equal(25, batches.Count);
        Assert.All(batches, b => Assert.True(b.Sum(s => s!.Value) <= options.MaxBatchBytes));
    }

    [Fact]
    public void The_count_limit_still_applies_to_small_messages()
    {
        var sizes = Enumerable.Repeat((long?)1000, 120).ToList();
        var batches = Split(sizes, new AccountProcessingOptions { FetchBatchSize = 50 });
        Assert.Equal([50, 50, 20], batches.Select(b => b.Count));
    }

    [Fact]
    public void A_message_larger_than_the_budget_is_fetched_alone()
    {
        var options = new AccountProcessingOptions { MaxMessageBytes = 64 * MiB, MaxBatchBytes = 8 * MiB };
        var batches = Split([1000, 20 * MiB, 1000], options);
        Assert.Equal([1, 1, 1], batches.Select(b => b.Count));
    }

    [Fact]
    public void Messages_too_large_to_download_cost_nothing_and_unknown_sizes_count_as_the_largest_allowed()
    {
        var options = new AccountProcessingOptions { MaxMessageBytes = 10 * MiB, MaxBatchBytes = 16 * MiB };
        Assert.Equal([3], Split([100 * MiB, 100 * MiB, 1000], options).Select(b => b.Count));
        Assert.Equal([1, 1], Split([null, null], options).Select(b => b.Count));
    }

    [Fact]
    public async Task The_imap_reader_fetches_bodies_in_batches_bounded_by_the_announced_sizes()
    {
        await using var server = new ScriptedTcpServer(ThreeMessagesInTwoBatches());
        var kit = new ReaderTestKit(server, new AccountProcessingOptions { ProcessExistingMail = true, MaxBatchBytes = 65536 });

        var result = await kit.Imap.ReadAsync(kit.Credentials, default);

        Assert.Equal(3, result.Fetched);
        Assert.Equal(3, kit.Log.Processed.Count);
        Assert.Equal(0, kit.Imap.LargeBatchCollections);
        await server.Done;
    }

    [Fact]
    public async Task A_large_batch_is_released_with_a_compacting_collection_as_soon_as_it_is_done()
    {
        // Batch 1 holds two bodies (at the threshold), batch 2 one (under it): one collection, after batch 1.
        await using var server = new ScriptedTcpServer(ThreeMessagesInTwoBatches());
        var kit = new ReaderTestKit(server, new AccountProcessingOptions { ProcessExistingMail = true, MaxBatchBytes = 65536 });
        kit.Imap.ReleaseAfterBytes = 2 * Message.Length;

        var result = await kit.Imap.ReadAsync(kit.Credentials, default);

        Assert.Equal(3, result.Fetched);
        Assert.Equal(1, kit.Imap.LargeBatchCollections);
        await server.Done;
    }

    private const string Message = "From: someone@contoso.com\r\nSubject: hello\r\n\r\nhi\r\n";

    private static string ThreeMessagesInTwoBatches()
    {
        const string message = Message;
        string Body(uint uid) => $"S: * 1 FETCH (UID {uid} BODY[] {{{message.Length}}}\nS: From: someone@contoso.com\nS: Subject: hello\nS:\nS: hi\nS: )\n";
        var script = $$"""
            S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN MOVE UIDPLUS] ready
            C: *
            S: A001 OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN MOVE UIDPLUS] Logged in
            C: A002 SELECT INBOX
            S: * 3 EXISTS
            S: * OK [UIDVALIDITY 7] ok
            S: * OK [UIDNEXT 4] next
            S: A002 OK [READ-WRITE] done
            C: *
            S: * 1 FETCH (UID 1 INTERNALDATE "01-Jan-2026 10:00:00 +0000" RFC822.SIZE 40000)
            S: * 2 FETCH (UID 2 INTERNALDATE "01-Jan-2026 10:00:00 +0000" RFC822.SIZE 20000)
            S: * 3 FETCH (UID 3 INTERNALDATE "01-Jan-2026 10:00:00 +0000" RFC822.SIZE 30000)
            S: A003 OK done
            C: A004 UID FETCH 1:2 (UID BODY.PEEK[])
            {{Body(1)}}{{Body(2)}}S: A004 OK done
            C: *
            S: A005 OK created
            C: *
            S: A006 OK stored
            C: *
            S: A007 OK moved
            C: *
            S: A008 OK stored
            C: *
            S: A009 OK moved
            C: A010 UID FETCH 3 (UID BODY.PEEK[])
            {{Body(3)}}S: A010 OK done
            C: *
            S: A011 OK stored
            C: *
            S: A012 OK moved
            C: *
            S: * BYE bye
            S: A013 OK done
            """;
        return script;
    }

    private static List<List<long?>> Split(List<long?> sizes, AccountProcessingOptions options)
    {
        var batches = new List<List<long?>>();
        for (var start = 0; start < sizes.Count;)
        {
            var length = FetchBatches.NextLength(sizes, start, s => s, options);
            batches.Add(sizes.GetRange(start, length));
            start += length;
        }

        return batches;
    }
}
