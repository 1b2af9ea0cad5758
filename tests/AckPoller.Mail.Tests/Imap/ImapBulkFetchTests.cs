using System.Diagnostics;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Transport;

namespace AckPoller.Mail.Tests.Imap;

/// <summary>A UID FETCH that may match many messages is received in bulk mode (see BulkReceiveNetworkStream), and
/// the connection is back to normal reads afterwards.</summary>
[Trait("Category", "Unit")]
public class ImapBulkFetchTests
{
    private const int BodySize = 1000;

    [Fact]
    public async Task A_large_fetch_is_received_in_bulk_mode_and_a_short_reply_afterwards_is_read_at_once()
    {
        await using var server = new LoopbackImapServer();
        await using var client = new ImapClient(new MailConnectionOptions { ReadWriteTimeout = TimeSpan.FromSeconds(5) });
        await server.SelectInboxAsync(client);
        await GrowMailboxAsync(server, client, "A003", 500);

        var fetch = client.UidFetchAsync(UidSet.All, ImapFetchItems.Body, default);
        await server.ExpectAsync("A004 UID FETCH 1:* (UID BODY.PEEK[])");
        await server.SendAsync(FetchResponses(1, 250));
        await Task.Delay(20);
        await server.SendAsync(FetchResponses(251, 500));
        await server.SendAsync("A004 OK Fetch completed.");
        var messages = await fetch;

        Assert.Equal(500, messages.Count);
        Assert.Equal("body 500", System.Text.Encoding.ASCII.GetString(messages[^1].Body!));
        Assert.True(client.Connection!.BulkWaits > 0);

        // Bulk mode raised the socket's low-water mark; a one-line reply must still wake the next read.
        var waits = client.Connection.BulkWaits;
        var noop = client.NoopAsync(default);
        await server.ExpectAsync("A005 NOOP");
        await Task.Delay(50);
        var watch = Stopwatch.StartNew();
        await server.SendAsync("A005 OK done");
        await noop;
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"the NOOP reply was read after {watch.ElapsedMilliseconds} ms");
        Assert.Equal(waits, client.Connection.BulkWaits);
    }

    [Fact]
    public async Task Bulk_mode_ends_once_the_rest_is_expected_to_fit_under_the_low_water_mark()
    {
        await using var server = new LoopbackImapServer();
        await using var client = new ImapClient(new MailConnectionOptions { ReadWriteTimeout = TimeSpan.FromSeconds(5) });
        await server.SelectInboxAsync(client);
        await GrowMailboxAsync(server, client, "A003", 200);

        var fetch = client.UidFetchAsync(UidSet.All, ImapFetchItems.Body, default);
        await server.ExpectAsync("A004 UID FETCH 1:* (UID BODY.PEEK[])");
        await Task.Delay(20);
        await server.SendAsync(FetchResponses(1, 100, BodySize));

        // 100 messages of about 1 KB to go: more than the 64 KiB low-water mark.
        await UntilAsync(() => client.Connection!.ExpectsBulkResponse, "bulk mode with 100 messages to go");
        await server.SendAsync(FetchResponses(101, 150, BodySize));

        // 50 to go, about 50 KB: the rest and the tagged completion must not wait out the bulk wait's budget.
        await UntilAsync(() => !client.Connection!.ExpectsBulkResponse, "normal reads with 50 messages to go");
        await server.SendAsync(FetchResponses(151, 200, BodySize));
        await server.SendAsync("A004 OK Fetch completed.");
        Assert.Equal(200, (await fetch).Count);
    }

    [Fact]
    public async Task A_streamed_large_fetch_is_received_in_bulk_mode_until_the_rest_is_small()
    {
        await using var server = new LoopbackImapServer();
        await using var client = new ImapClient(new MailConnectionOptions { ReadWriteTimeout = TimeSpan.FromSeconds(5) });
        await server.SelectInboxAsync(client);
        await GrowMailboxAsync(server, client, "A003", 100);

        var received = 0;
        var serving = ServeAsync();
        await foreach (var message in client.UidFetchStreamAsync(UidSet.All, ImapFetchItems.Body, default))
        {
            received++;
        }

        await serving;
        Assert.Equal(100, received);
        Assert.True(client.Connection!.BulkWaits > 0);

        async Task ServeAsync()
        {
            await server.ExpectAsync("A004 UID FETCH 1:* (UID BODY.PEEK[])");
            await Task.Delay(20);
            await server.SendAsync(FetchResponses(1, 30, BodySize));
            await UntilAsync(() => client.Connection!.ExpectsBulkResponse, "bulk mode with 70 messages to go");
            await server.SendAsync(FetchResponses(31, 60, BodySize));
            await UntilAsync(() => !client.Connection!.ExpectsBulkResponse, "normal reads with 40 messages to go");
            await server.SendAsync(FetchResponses(61, 100, BodySize));
            await server.SendAsync("A004 OK Fetch completed.");
        }
    }

    [Fact]
    public async Task A_small_fetch_is_read_normally()
    {
        await using var server = new LoopbackImapServer();
        await using var client = new ImapClient();
        await server.SelectInboxAsync(client);

        // The mailbox holds 3 messages, fewer than ImapBulkFetch.MinimumMessages.
        var fetch = client.UidFetchAsync(UidSet.All, ImapFetchItems.Body, default);
        await server.ExpectAsync("A003 UID FETCH 1:* (UID BODY.PEEK[])");
        await Task.Delay(20);
        await server.SendAsync(FetchResponses(1, 3));
        await server.SendAsync("A003 OK Fetch completed.");

        Assert.Equal(3, (await fetch).Count);
        Assert.Equal(0, client.Connection!.BulkWaits);
    }

    /// <summary>Waits until the client, reading on its own task, has reached the state (10 s at most, however loaded the
    /// machine): a fixed sleep before an assertion failed on a busy CI machine.</summary>
    private static async Task UntilAsync(Func<bool> state, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!state())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"not reached within 10 s: {what}");
            await Task.Delay(5);
        }
    }

    private static async Task GrowMailboxAsync(LoopbackImapServer server, ImapClient client, string tag, int messages)
    {
        var noop = client.NoopAsync(default);
        await server.ExpectAsync($"{tag} NOOP");
        await server.SendAsync($"* {messages} EXISTS", $"{tag} OK done");
        await noop;
    }

    private static string[] FetchResponses(int first, int last, int bodySize = 0)
    {
        var lines = new List<string>();
        for (var i = first; i <= last; i++)
        {
            var body = $"body {i}".PadRight(bodySize, 'x');
            lines.Add($"* {i} FETCH (UID {i} BODY[] {{{body.Length}}}");
            lines.Add(body + ")");
        }

        return [.. lines];
    }
}
