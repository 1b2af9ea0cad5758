using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.Sandbox;

/// <summary>Smoke tests of the sandbox Dovecot over raw POP3.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class Pop3SandboxTests
{
    [Fact]
    public async Task Pop3sRefusesAnExpiredTokenThenAcceptsATrustedOne()
    {
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("sbx-pop3");
        using var minter = JwtMinter.Trusted(settings);
        using var timeout = SandboxTimeout.Start();
        await using var session = await RawSession.ConnectAsync(settings, settings.Ports.Pop3s, implicitTls: true, timeout.Token);
        Assert.StartsWith("+OK", await session.ReadLineAsync(timeout.Token), StringComparison.Ordinal);

        await session.SendAsync("CAPA", timeout.Token);
        var capabilities = await session.ReadUntilAsync(".", timeout.Token);
        Assert.Contains("SASL PLAIN LOGIN XOAUTH2 OAUTHBEARER", capabilities);

        await session.SendAsync("AUTH XOAUTH2 " + SaslStrings.XOAuth2(user, minter.Mint(user, TimeSpan.FromMinutes(-1))), timeout.Token);
        var challenge = await session.ReadLineAsync(timeout.Token);
        Assert.Equal(ImapSandboxTests.XOAuth2ErrorJson, SaslStrings.Decode(challenge[2..]));
        await session.SendAsync(string.Empty, timeout.Token);
        Assert.Equal("-ERR [AUTH] Authentication failed.", await session.ReadLineAsync(timeout.Token));

        await session.SendAsync("AUTH XOAUTH2 " + SaslStrings.XOAuth2(user, minter.Mint(user)), timeout.Token);
        Assert.Equal("+OK Logged in.", await session.ReadLineAsync(timeout.Token));
        await session.SendAsync("STAT", timeout.Token);
        Assert.Equal("+OK 0 0", await session.ReadLineAsync(timeout.Token));
    }

    [Fact]
    public async Task Pop3RefusesUserPassBeforeStlsAndAcceptsThePasswordAfter()
    {
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("sbx-pop3-stls");
        using var timeout = SandboxTimeout.Start();
        await using var session = await RawSession.ConnectAsync(settings, settings.Ports.Pop3, implicitTls: false, timeout.Token, address: "127.0.0.2");
        await session.ReadLineAsync(timeout.Token);

        await session.SendAsync("USER " + user, timeout.Token);
        Assert.Equal("-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.", await session.ReadLineAsync(timeout.Token));

        await session.SendAsync("STLS", timeout.Token);
        Assert.StartsWith("+OK", await session.ReadLineAsync(timeout.Token), StringComparison.Ordinal);
        await session.UpgradeToTlsAsync(timeout.Token);

        await session.SendAsync("AUTH PLAIN " + SaslStrings.Plain(user, settings.Password), timeout.Token);
        Assert.Equal("+OK Logged in.", await session.ReadLineAsync(timeout.Token));
    }
}
