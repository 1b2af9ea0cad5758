using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.Sandbox;

/// <summary>Mail dropped into the injection port reaches a brand-new mailbox (Postfix -> LMTP -> Dovecot).</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class DeliverySandboxTests
{
    [Fact]
    public async Task InjectedMailAppearsInAFreshMailboxOverImap()
    {
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("sbx-deliver");
        var subject = "sandbox delivery " + Guid.NewGuid().ToString("N");
        using var timeout = SandboxTimeout.Start();

        await SandboxMail.DeliverAsync(settings, "sender@example.com", user, SandboxMail.SimpleMessage("sender@example.com", user, subject, "hello"), timeout.Token);

        await using var session = await RawSession.ConnectAsync(settings, settings.Ports.Imaps, implicitTls: true, timeout.Token);
        await session.ReadLineAsync(timeout.Token);
        await session.SendAsync("a AUTHENTICATE PLAIN " + SaslStrings.Plain(user, settings.Password), timeout.Token);
        Assert.StartsWith("a OK ", await session.ReadLineAsync(timeout.Token), StringComparison.Ordinal);

        // Postfix queues first and delivers a few tens of milliseconds later.
        var tag = 0;
        while (true)
        {
            await session.SendAsync($"s{++tag} STATUS INBOX (MESSAGES)", timeout.Token);
            var lines = await session.ReadUntilAsync($"s{tag} ", timeout.Token);
            if (lines[0].Contains("(MESSAGES 1)", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(25, timeout.Token);
        }

        await session.SendAsync("f SELECT INBOX", timeout.Token);
        await session.ReadUntilAsync("f OK", timeout.Token);
        await session.SendAsync("g FETCH 1 BODY.PEEK[HEADER.FIELDS (SUBJECT)]", timeout.Token);
        var fetch = await session.ReadUntilAsync("g ", timeout.Token);
        Assert.Contains($"Subject: {subject}", fetch);
        Assert.StartsWith("g OK", fetch[^1], StringComparison.Ordinal);
    }
}
