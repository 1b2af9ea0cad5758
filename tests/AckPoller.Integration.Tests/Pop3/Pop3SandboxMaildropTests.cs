using System.Text;
using AckPoller.Mail.Pop3;
using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.Pop3;

[Trait(TestCategory.Name, TestCategory.Sandbox)]
public class Pop3SandboxMaildropTests
{
    private readonly SandboxSettings _settings = SandboxSettings.Load();

    [Fact]
    public async Task A_delivered_message_is_listed_retrieved_byte_identical_and_deleted_at_QUIT()
    {
        var user = _settings.NewAddress("pop3-retr");
        var body = "ack\r\n.this line starts with a dot\r\n..and this with two\r\n.\r\nlast line";
        var original = SandboxMail.SimpleMessage(_settings.NewAddress("alerts"), user, "POP3 retrieval", body);
        await Pop3Sandbox.DeliverAndWaitAsync(_settings, user, original, expectedCount: 1);

        await using (var client = await Pop3Sandbox.LoginAsync(_settings, user, implicitTls: false))
        {
            var stat = await client.StatAsync(default);
            Assert.Equal(1, stat.Count);
            var listing = Assert.Single(await client.ListAsync(default));
            var uid = Assert.Single(await client.UidlAsync(default));
            Assert.Equal(1, uid.MessageNumber);
            Assert.False(string.IsNullOrEmpty(uid.UniqueId));

            var retrieved = await client.RetrieveAsync(1, default);

            // Postfix and Dovecot prepend trace headers (Return-Path, Delivered-To, Received); the rest is the original.
            Assert.True(retrieved.AsSpan().EndsWith(original), "The retrieved message does not end with the original bytes:\n" + Encoding.UTF8.GetString(retrieved));
            Assert.Equal(listing.Size, retrieved.Length);
            Assert.Equal(stat.TotalSize, retrieved.Length);

            using var streamed = new MemoryStream();
            await client.RetrieveAsync(1, streamed, default);
            Assert.Equal(retrieved, streamed.ToArray());

            var top = Encoding.UTF8.GetString(await client.TopAsync(1, 2, default));
            Assert.Contains("Subject: POP3 retrieval\r\n", top, StringComparison.Ordinal);
            Assert.EndsWith("\r\n\r\nack\r\n.this line starts with a dot\r\n", top, StringComparison.Ordinal);

            await client.DeleteAsync(1, default);
            await client.QuitAsync(default);
        }

        await using (var client = await Pop3Sandbox.LoginAsync(_settings, user))
        {
            Assert.Equal(0, (await client.StatAsync(default)).Count);
            Assert.Empty(await client.UidlAsync(default));
        }
    }

    [Fact]
    public async Task Pipelined_retrieval_returns_every_message_in_order()
    {
        var user = _settings.NewAddress("pop3-pipeline");
        var originals = new List<byte[]>();
        for (var i = 1; i <= 3; i++)
        {
            var message = SandboxMail.SimpleMessage(_settings.NewAddress("alerts"), user, $"pipelined {i}", $".line {i}\r\nend");
            originals.Add(message);
            await Pop3Sandbox.DeliverAndWaitAsync(_settings, user, message, expectedCount: i);
        }

        await using var client = await Pop3Sandbox.LoginAsync(_settings, user);
        Assert.Contains("PIPELINING", client.Capabilities);
        var retrieved = new List<Pop3Message>();
        await foreach (var message in client.RetrieveManyAsync([1, 2, 3]))
        {
            retrieved.Add(message);
        }

        Assert.Equal([1, 2, 3], retrieved.Select(m => m.MessageNumber));
        for (var i = 0; i < 3; i++)
        {
            Assert.True(retrieved[i].Data.AsSpan().EndsWith(originals[i]), $"Message {i + 1} differs from what was delivered.");
        }

        await client.NoopAsync(default);
        await client.QuitAsync(default);
    }

    [Fact]
    public async Task RSET_undoes_DELE_and_disposing_without_QUIT_keeps_the_message()
    {
        var user = _settings.NewAddress("pop3-rset");
        var original = SandboxMail.SimpleMessage(_settings.NewAddress("alerts"), user, "keep me", "body");
        await Pop3Sandbox.DeliverAndWaitAsync(_settings, user, original, expectedCount: 1);

        await using (var client = await Pop3Sandbox.LoginAsync(_settings, user))
        {
            await client.DeleteAsync(1, default);
            await client.ResetAsync(default);
            await client.QuitAsync(default);
        }

        await using (var client = await Pop3Sandbox.LoginAsync(_settings, user))
        {
            Assert.Equal(1, (await client.StatAsync(default)).Count);
            await client.DeleteAsync(1, default);
        }

        await using (var client = await Pop3Sandbox.LoginAsync(_settings, user))
        {
            Assert.Equal(1, (await client.StatAsync(default)).Count);
            await client.NoopAsync(default);
            var error = await Assert.ThrowsAsync<AckPoller.Mail.MailCommandException>(() => client.RetrieveAsync(2, default));
            Assert.False(string.IsNullOrEmpty(error.ServerResponse));
            Assert.True(client.Connection!.IsUsable);
            await client.QuitAsync(default);
        }
    }
}
