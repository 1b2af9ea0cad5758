using System.Text;
using AckPoller.Mail.Imap;
using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.Imap;

[Trait(TestCategory.Name, TestCategory.Sandbox)]
public class ImapSandboxMailboxTests
{
    [Fact]
    public async Task Fetch_returns_exactly_the_delivered_bytes()
    {
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("imap-fetch");
        var message = Encoding.UTF8.GetBytes(
            "From: <alerts@sandbox.test>\r\nTo: <" + user + ">\r\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\nMessage-ID: <" + Guid.NewGuid().ToString("N") + "@sandbox.test>\r\n" +
            "Date: Mon, 4 Mar 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
            "Grüße — ack\r\n.leading dot\r\n{5}\r\n) A001 OK not really\r\n* BYE fake\r\n\r\nend\r\n");
        await SandboxMail.DeliverAsync(settings, "alerts@sandbox.test", user, message);

        await using var client = await ImapSandbox.LoginAsync(settings, user);
        var uids = await ImapSandbox.WaitForInboxAsync(client, 1);
        var fetched = Assert.Single(await client.UidFetchAsync(UidSet.FromUids(uids), ImapFetchItems.Body | ImapFetchItems.Header | ImapFetchItems.Size | ImapFetchItems.Flags | ImapFetchItems.InternalDate, default));

        // The delivery chain prepends trace headers (Return-Path, Delivered-To, Received); the rest is byte for byte.
        var body = Assert.IsType<byte[]>(fetched.Body);
        Assert.True(body.AsSpan().EndsWith(message), "The fetched message does not end with the delivered bytes.");
        Assert.Equal(body.Length, fetched.Size);
        Assert.True(body.AsSpan().StartsWith(Assert.IsType<byte[]>(fetched.Header)));
        Assert.DoesNotContain(@"\Seen", fetched.Flags!);
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - fetched.InternalDate!.Value).TotalMinutes) < 10);

        // BODY.PEEK did not set \Seen.
        Assert.Equal(uids, await client.UidSearchAsync(ImapSearch.Unseen, default));
        await client.UidStoreAsync(UidSet.FromUids(uids), ImapStoreAction.Add, [@"\Seen", "$Acked"], default);
        Assert.Empty(await client.UidSearchAsync(ImapSearch.Unseen, default));
        Assert.Equal(uids, await client.UidSearchAsync(ImapSearch.Keyword("$Acked").And(ImapSearch.Header("Subject", "Grüße")), default));
    }

    [Fact]
    public async Task Streaming_fetch_returns_every_message_in_order()
    {
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("imap-stream");
        for (var i = 0; i < 5; i++)
        {
            await SandboxMail.DeliverAsync(settings, "alerts@sandbox.test", user, SandboxMail.SimpleMessage("alerts@sandbox.test", user, $"alert {i}", $"body {i}"));
        }

        await using var client = await ImapSandbox.LoginAsync(settings, user);
        await ImapSandbox.WaitForInboxAsync(client, 5);
        var subjects = new List<string>();
        await foreach (var message in client.UidFetchStreamAsync(UidSet.All, ImapFetchItems.Header, default))
        {
            subjects.Add(Encoding.UTF8.GetString(message.Header!).Split("\r\n").Single(l => l.StartsWith("Subject: ", StringComparison.Ordinal)));
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"Subject: alert {i}"), subjects);
    }

    [Fact]
    public async Task Idle_reports_a_new_message()
    {
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("imap-idle");
        await using var client = await ImapSandbox.LoginAsync(settings, user);
        var inbox = await client.SelectAsync("INBOX", default);
        Assert.Equal(0u, inbox.Exists);

        var idle = client.IdleAsync(TimeSpan.FromSeconds(60), default);
        await Task.Delay(300);
        await SandboxMail.DeliverAsync(settings, "alerts@sandbox.test", user, SandboxMail.SimpleMessage("alerts@sandbox.test", user, "ping", "ack?"));
        var result = await idle;

        Assert.True(result.HasNewMessages, result.ToString());
        Assert.Equal(1u, result.Exists);
        Assert.False(result.TimedOut);
        Assert.Single(await client.UidSearchAsync(ImapSearch.Unseen, default));
    }

    [Fact]
    public async Task Idle_times_out_quietly_when_nothing_arrives()
    {
        var settings = SandboxSettings.Load();
        await using var client = await ImapSandbox.LoginAsync(settings, settings.NewAddress("imap-quiet"));
        await client.SelectAsync("INBOX", default);
        var result = await client.IdleAsync(TimeSpan.FromMilliseconds(500), default);
        Assert.True(result.TimedOut);
        Assert.False(result.HasChanges);
        await client.NoopAsync(default);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Move_takes_only_the_given_messages(bool withoutMoveCapability)
    {
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("imap-move");
        for (var i = 0; i < 3; i++)
        {
            await SandboxMail.DeliverAsync(settings, "alerts@sandbox.test", user, SandboxMail.SimpleMessage("alerts@sandbox.test", user, $"m{i}", "x"));
        }

        await using var client = await ImapSandbox.LoginAsync(settings, user);
        if (withoutMoveCapability)
        {
            client.IgnoredCapabilities.Add("MOVE");
        }

        Assert.True(await client.CreateAsync("Acked/2024", default));
        Assert.False(await client.CreateAsync("Acked/2024", default));
        var uids = await ImapSandbox.WaitForInboxAsync(client, 3);
        Assert.Equal(3, uids.Count);

        // Another client's \Deleted message must survive the fallback's expunge.
        await client.UidStoreAsync(UidSet.Single(uids[2]), ImapStoreAction.Add, [@"\Deleted"], default);
        await client.UidMoveAsync(UidSet.Single(uids[0]), "Acked/2024", default);

        Assert.Equal([uids[1], uids[2]], await client.UidSearchAsync(ImapSearch.All, default));
        var archive = await client.ExamineAsync("Acked/2024", default);
        Assert.Equal(1u, archive.Exists);
        var moved = Assert.Single(await client.UidFetchAsync(UidSet.All, ImapFetchItems.Header, default));
        Assert.Contains("Subject: m0", Encoding.UTF8.GetString(moved.Header!), StringComparison.Ordinal);

        var listing = await client.ListAsync("", "Acked*", default);
        Assert.Contains(listing, l => l.Name == "Acked/2024" && l.Delimiter == '/');
    }

    [Fact]
    public async Task Move_to_a_missing_mailbox_says_trycreate()
    {
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("imap-trycreate");
        await SandboxMail.DeliverAsync(settings, "alerts@sandbox.test", user, SandboxMail.SimpleMessage("alerts@sandbox.test", user, "m", "x"));
        await using var client = await ImapSandbox.LoginAsync(settings, user);
        await ImapSandbox.WaitForInboxAsync(client, 1);
        var error = await Assert.ThrowsAsync<ImapCommandException>(() => client.UidMoveAsync(UidSet.All, "Does Not Exist", default));
        Assert.True(error.IsTryCreate, error.ServerResponse);
        Assert.True(client.Connection!.IsUsable);
    }

    [Fact]
    public async Task Non_ascii_mailbox_names_round_trip()
    {
        var settings = SandboxSettings.Load();
        await using var client = await ImapSandbox.LoginAsync(settings, settings.NewAddress("imap-utf7"));
        Assert.True(await client.CreateAsync("Gelöschte & Bestätigte", default));
        var listing = await client.ListAsync("", "*", default);
        Assert.Contains(listing, l => l.Name == "Gelöschte & Bestätigte");
        var info = await client.SelectAsync("Gelöschte & Bestätigte", default);
        Assert.Equal(0u, info.Exists);
    }
}
