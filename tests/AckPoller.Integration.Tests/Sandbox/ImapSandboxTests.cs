using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.Sandbox;

/// <summary>Smoke tests of the sandbox Dovecot over raw IMAP: real JWT validation, password logins, STARTTLS policy.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class ImapSandboxTests
{
    /// <summary>Dovecot's XOAUTH2 error challenge (RFC 7628 style JSON) for any refused token.</summary>
    internal const string XOAuth2ErrorJson = """{"status":"401","schemes":"bearer","scope":"mail"}""";

    [Fact]
    public async Task TrustedTokenLogsInOverImapsWithTheExpectedCapabilities()
    {
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("sbx-imap");
        using var minter = JwtMinter.Trusted(settings);
        using var timeout = SandboxTimeout.Start();
        await using var session = await RawSession.ConnectAsync(settings, settings.Ports.Imaps, implicitTls: true, timeout.Token);

        var greeting = await session.ReadLineAsync(timeout.Token);
        Assert.Contains("SASL-IR", greeting, StringComparison.Ordinal);
        Assert.Contains("AUTH=XOAUTH2 AUTH=OAUTHBEARER", greeting, StringComparison.Ordinal);

        await session.SendAsync("a AUTHENTICATE XOAUTH2 " + SaslStrings.XOAuth2(user, minter.Mint(user)), timeout.Token);
        var ok = await session.ReadLineAsync(timeout.Token);

        Assert.StartsWith("a OK [CAPABILITY ", ok, StringComparison.Ordinal);
        foreach (var capability in new[] { " IDLE ", " MOVE ", " UIDPLUS ", " ID ", " ENABLE ", " SPECIAL-USE" })
        {
            Assert.Contains(capability, ok, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("untrusted")]
    [InlineData("other-user")]
    public async Task RefusedTokenGetsTheErrorChallengeThenAuthenticationFailed(string kind)
    {
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("sbx-imap-bad");
        var token = MintRefused(settings, kind, user);
        using var timeout = SandboxTimeout.Start();
        await using var session = await RawSession.ConnectAsync(settings, settings.Ports.Imaps, implicitTls: true, timeout.Token);
        await session.ReadLineAsync(timeout.Token);

        await session.SendAsync("a AUTHENTICATE XOAUTH2 " + SaslStrings.XOAuth2(user, token), timeout.Token);
        var challenge = await session.ReadLineAsync(timeout.Token);
        Assert.StartsWith("+ ", challenge, StringComparison.Ordinal);
        Assert.Equal(XOAuth2ErrorJson, SaslStrings.Decode(challenge[2..]));

        await session.SendAsync(string.Empty, timeout.Token);
        Assert.Equal("a NO [AUTHENTICATIONFAILED] Authentication failed.", await session.ReadLineAsync(timeout.Token));
    }

    [Fact]
    public async Task OAuthBearerAndThePasswordWorkButAWrongPasswordDoesNot()
    {
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("sbx-imap-mech");
        using var minter = JwtMinter.Trusted(settings);
        using var timeout = SandboxTimeout.Start();
        await using var session = await RawSession.ConnectAsync(settings, settings.Ports.Imaps, implicitTls: true, timeout.Token);
        await session.ReadLineAsync(timeout.Token);

        await session.SendAsync("a AUTHENTICATE PLAIN " + SaslStrings.Plain(user, settings.Password + "x"), timeout.Token);
        Assert.Equal("a NO [AUTHENTICATIONFAILED] Authentication failed.", await session.ReadLineAsync(timeout.Token));

        await session.SendAsync("b AUTHENTICATE PLAIN " + SaslStrings.Plain(user, settings.Password), timeout.Token);
        Assert.StartsWith("b OK ", await session.ReadLineAsync(timeout.Token), StringComparison.Ordinal);

        await using var bearer = await RawSession.ConnectAsync(settings, settings.Ports.Imaps, implicitTls: true, timeout.Token);
        await bearer.ReadLineAsync(timeout.Token);
        var response = SaslStrings.OAuthBearer(user, minter.Mint(user), settings.Host, settings.Ports.Imaps);
        await bearer.SendAsync("c AUTHENTICATE OAUTHBEARER " + response, timeout.Token);
        Assert.StartsWith("c OK ", await bearer.ReadLineAsync(timeout.Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlaintextAuthIsRefusedBeforeStartTlsAndAcceptedAfterIt()
    {
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("sbx-imap-tls");
        using var minter = JwtMinter.Trusted(settings);
        using var timeout = SandboxTimeout.Start();
        // Dovecot counts 127.0.0.1 -> 127.0.0.1 as secure; 127.0.0.1 -> 127.0.0.2 is not.
        await using var session = await RawSession.ConnectAsync(settings, settings.Ports.Imap, implicitTls: false, timeout.Token, address: "127.0.0.2");

        var greeting = await session.ReadLineAsync(timeout.Token);
        Assert.Contains("STARTTLS LOGINDISABLED", greeting, StringComparison.Ordinal);
        Assert.DoesNotContain("AUTH=", greeting, StringComparison.Ordinal);

        await session.SendAsync("a AUTHENTICATE PLAIN " + SaslStrings.Plain(user, settings.Password), timeout.Token);
        Assert.Equal("a NO [PRIVACYREQUIRED] Plaintext authentication disabled.", await session.ReadLineAsync(timeout.Token));

        await session.SendAsync("b STARTTLS", timeout.Token);
        Assert.Equal("b OK Begin TLS negotiation now.", await session.ReadLineAsync(timeout.Token));
        await session.UpgradeToTlsAsync(timeout.Token);

        await session.SendAsync("c AUTHENTICATE XOAUTH2 " + SaslStrings.XOAuth2(user, minter.Mint(user)), timeout.Token);
        Assert.StartsWith("c OK ", await session.ReadLineAsync(timeout.Token), StringComparison.Ordinal);
    }

    internal static string MintRefused(SandboxSettings settings, string kind, string user)
    {
        using var trusted = JwtMinter.Trusted(settings);
        using var untrusted = JwtMinter.Untrusted(settings);
        return kind switch
        {
            "expired" => trusted.Mint(user, TimeSpan.FromMinutes(-1)),
            "untrusted" => untrusted.Mint(user),
            "other-user" => trusted.Mint(settings.NewAddress("someone-else")),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown refused-token kind."),
        };
    }
}
