using System.Diagnostics;
using System.Text;
using AckPoller.Mail.Pop3;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Pop3;

/// <summary>A long pipelined RETR is received in bulk mode (see BulkReceiveNetworkStream) with a deeper pipeline, bulk
/// mode ends before the last answers, and short retrievals are read as before.</summary>
[Trait("Category", "Unit")]
public class Pop3BulkRetrievalTests
{
    private const int Size = 1000;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_long_retrieval_is_received_in_bulk_mode_which_ends_once_the_rest_fits_under_the_low_water_mark(bool listFirst)
    {
        await using var server = new LoopbackPop3Server();
        await using var client = NewClient();
        await server.LoginAsync(client);
        if (listFirst)
        {
            await server.ListAsync(client, 200, Size);
        }

        var retrieval = CollectAsync(client, 200);
        await server.AnswerRetrAsync(1, 100, Size);
        await Task.Delay(100);

        // 100 messages of 1000 octets to go: more than the 64 KiB low-water mark.
        Assert.True(client.Connection!.ExpectsBulkResponse);
        await server.AnswerRetrAsync(101, 150, Size);
        await Task.Delay(100);

        // 50 to go, about 50 KB: the last answers must not wait out the bulk wait's budget.
        Assert.False(client.Connection.ExpectsBulkResponse);
        await server.AnswerRetrAsync(151, 200, Size);
        var messages = await retrieval;

        Assert.Equal(200, messages.Count);
        Assert.Equal(LoopbackPop3Server.Body(200, Size) + "\r\n", Encoding.ASCII.GetString(messages[^1].Data));
        Assert.True(client.Connection.BulkWaits > 0);
        await AssertShortReplyIsReadAtOnceAsync(server, client);
    }

    [Fact]
    public async Task A_long_retrieval_served_at_full_speed_needs_few_bulk_waits()
    {
        await using var server = new LoopbackPop3Server();
        await using var client = NewClient();
        await server.LoginAsync(client);
        await server.ListAsync(client, 600, Size);

        var retrieval = CollectAsync(client, 600);
        await server.AnswerRetrAsync(1, 600, Size);
        Assert.Equal(600, (await retrieval).Count);

        // About 600 KB arrives: a wait per 64 KiB plus some at pipeline refills, not one per message or per 16 of them.
        var waits = client.Connection!.BulkWaits;
        Assert.InRange(waits, 1, 30);
    }

    [Fact]
    public async Task In_bulk_mode_the_pipeline_holds_more_than_the_low_water_mark_of_answers()
    {
        await using var server = new LoopbackPop3Server();
        await using var client = NewClient();
        await server.LoginAsync(client);
        await server.ListAsync(client, 300, Size);

        var retrieval = CollectAsync(client, 300);

        // Twice 64 KiB of 1000-octet answers: 132 commands before any answer, where MaxPipelinedCommands is 16.
        const int depth = (2 * BulkReceiveNetworkStream.LowWater / Size) + 1;
        for (var i = 1; i <= depth; i++)
        {
            await server.ExpectAsync($"RETR {i}");
        }

        for (var i = 1; i <= depth; i++)
        {
            await server.SendAsync($"+OK {Size} octets", LoopbackPop3Server.Body(i, Size), ".");
        }

        await server.AnswerRetrAsync(depth + 1, 300, Size);
        Assert.Equal(300, (await retrieval).Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_short_retrieval_is_read_as_usual(bool listFirst)
    {
        await using var server = new LoopbackPop3Server();
        await using var client = NewClient();
        await server.LoginAsync(client);
        if (listFirst)
        {
            // 100 KB in all: under Pop3BulkRetrieval.MinimumBytes.
            await server.ListAsync(client, 100, Size);
        }

        // Without LIST, 20 messages: under Pop3BulkRetrieval.MinimumMessages.
        var count = listFirst ? 100 : 20;
        var retrieval = CollectAsync(client, count);
        for (var i = 1; i <= count; i++)
        {
            await server.ExpectAsync($"RETR {i}");
            Assert.False(client.Connection!.ExpectsBulkResponse);
            await server.SendAsync($"+OK {Size} octets", LoopbackPop3Server.Body(i, Size), ".");
        }

        Assert.Equal(count, (await retrieval).Count);
        Assert.Equal(0, client.Connection!.BulkWaits);
    }

    [Fact]
    public async Task A_large_single_message_is_received_in_bulk_mode_until_its_last_low_water_mark()
    {
        await using var server = new LoopbackPop3Server();
        await using var client = NewClient();
        await server.LoginAsync(client);

        // 300 lines of 1000 octets announced by "+OK 300000 octets".
        var retrieval = client.RetrieveAsync(1, default);
        await server.ExpectAsync("RETR 1");
        await server.SendAsync([$"+OK {300 * Size} octets", .. Lines(1, 150)]);
        await Task.Delay(100);
        Assert.True(client.Connection!.ExpectsBulkResponse);

        // 50 KB to go: under the low-water mark.
        await server.SendAsync(Lines(151, 250));
        await Task.Delay(100);
        Assert.False(client.Connection.ExpectsBulkResponse);
        await server.SendAsync([.. Lines(251, 300), "."]);

        Assert.Equal(300 * Size, (await retrieval).Length);
        Assert.True(client.Connection.BulkWaits > 0);
        await AssertShortReplyIsReadAtOnceAsync(server, client);
    }

    [Fact]
    public async Task A_small_single_message_is_read_as_usual()
    {
        await using var server = new LoopbackPop3Server();
        await using var client = NewClient();
        await server.LoginAsync(client);

        var retrieval = client.RetrieveAsync(1, default);
        await server.ExpectAsync("RETR 1");
        await server.SendAsync([$"+OK {100 * Size} octets", .. Lines(1, 100), "."]);

        Assert.Equal(100 * Size, (await retrieval).Length);
        Assert.Equal(0, client.Connection!.BulkWaits);
    }

    private static string[] Lines(int first, int last) =>
        [.. Enumerable.Range(first, last - first + 1).Select(i => LoopbackPop3Server.Body(i, Size))];

    private static Pop3Client NewClient() => new(new MailConnectionOptions { ReadWriteTimeout = TimeSpan.FromSeconds(5) });

    private static async Task<List<Pop3Message>> CollectAsync(Pop3Client client, int count)
    {
        var messages = new List<Pop3Message>(count);
        await foreach (var message in client.RetrieveManyAsync(Enumerable.Range(1, count).ToArray()))
        {
            messages.Add(message);
        }

        return messages;
    }

    // Bulk mode raised the socket's low-water mark; a one-line reply must still wake the next read.
    private static async Task AssertShortReplyIsReadAtOnceAsync(LoopbackPop3Server server, Pop3Client client)
    {
        var waits = client.Connection!.BulkWaits;
        var noop = client.NoopAsync(default);
        await server.ExpectAsync("NOOP");
        await Task.Delay(50);
        var watch = Stopwatch.StartNew();
        await server.SendAsync("+OK");
        await noop;
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"the NOOP reply was read after {watch.ElapsedMilliseconds} ms");
        Assert.Equal(waits, client.Connection.BulkWaits);
    }
}
