using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.Sandbox;

/// <summary>Smoke tests of the sandbox Postfix submission ports, whose AUTH goes to Dovecot.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class SmtpSandboxTests
{
    [Fact]
    public async Task SubmissionOffersAuthOnlyAfterStartTlsAndChecksTheToken()
    {
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("sbx-smtp");
        using var minter = JwtMinter.Trusted(settings);
        using var timeout = SandboxTimeout.Start();
        await using var session = await RawSession.ConnectAsync(settings, settings.Ports.Submission, implicitTls: false, timeout.Token);
        Assert.StartsWith("220 ", (await session.ReadSmtpReplyAsync(timeout.Token))[^1], StringComparison.Ordinal);

        var plainEhlo = await EhloAsync(session, timeout.Token);
        Assert.Contains("250-STARTTLS", plainEhlo);
        Assert.DoesNotContain(plainEhlo, line => line.Contains("AUTH", StringComparison.Ordinal));
        Assert.Equal("530 5.7.0 Must issue a STARTTLS command first", await CommandAsync(session, $"MAIL FROM:<{user}>", timeout.Token));

        Assert.StartsWith("220 ", await CommandAsync(session, "STARTTLS", timeout.Token), StringComparison.Ordinal);
        await session.UpgradeToTlsAsync(timeout.Token);
        Assert.Contains("250-AUTH PLAIN LOGIN XOAUTH2 OAUTHBEARER", await EhloAsync(session, timeout.Token));
        Assert.StartsWith("530 5.7.57 ", await CommandAsync(session, $"MAIL FROM:<{user}>", timeout.Token), StringComparison.Ordinal);

        var challenge = await CommandAsync(session, "AUTH XOAUTH2 " + SaslStrings.XOAuth2(user, minter.Mint(user, TimeSpan.FromMinutes(-1))), timeout.Token);
        Assert.StartsWith("334 ", challenge, StringComparison.Ordinal);
        Assert.Equal(ImapSandboxTests.XOAuth2ErrorJson, SaslStrings.Decode(challenge[4..]));
        Assert.Equal("535 5.7.8 Error: authentication failed: (reason unavailable)", await CommandAsync(session, string.Empty, timeout.Token));

        Assert.Equal("235 2.7.0 Authentication successful", await CommandAsync(session, "AUTH XOAUTH2 " + SaslStrings.XOAuth2(user, minter.Mint(user)), timeout.Token));
        var other = settings.NewAddress("sbx-smtp-other");
        Assert.StartsWith("553 5.7.1 ", await CommandAsync(session, $"MAIL FROM:<{other}>", timeout.Token), StringComparison.Ordinal);
        Assert.StartsWith("250 ", await CommandAsync(session, "RSET", timeout.Token), StringComparison.Ordinal);
        Assert.StartsWith("250 ", await CommandAsync(session, $"MAIL FROM:<{user}>", timeout.Token), StringComparison.Ordinal);
        Assert.StartsWith("250 ", await CommandAsync(session, $"RCPT TO:<{other}>", timeout.Token), StringComparison.Ordinal);
        Assert.StartsWith("354 ", await CommandAsync(session, "DATA", timeout.Token), StringComparison.Ordinal);
        await session.SendAsync($"From: <{user}>\r\nTo: <{other}>\r\nSubject: sandbox smoke\r\n\r\nhello\r\n", timeout.Token);
        Assert.StartsWith("250 2.0.0 Ok: queued as ", await CommandAsync(session, ".", timeout.Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmtpsAcceptsOAuthBearerAndThePassword()
    {
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("sbx-smtps");
        using var minter = JwtMinter.Trusted(settings);
        using var timeout = SandboxTimeout.Start();

        await using (var session = await RawSession.ConnectAsync(settings, settings.Ports.Smtps, implicitTls: true, timeout.Token))
        {
            await session.ReadSmtpReplyAsync(timeout.Token);
            await EhloAsync(session, timeout.Token);
            var response = SaslStrings.OAuthBearer(user, minter.Mint(user), settings.Host, settings.Ports.Smtps);
            Assert.Equal("235 2.7.0 Authentication successful", await CommandAsync(session, "AUTH OAUTHBEARER " + response, timeout.Token));
        }

        await using (var session = await RawSession.ConnectAsync(settings, settings.Ports.Smtps, implicitTls: true, timeout.Token))
        {
            await session.ReadSmtpReplyAsync(timeout.Token);
            await EhloAsync(session, timeout.Token);
            Assert.Equal("235 2.7.0 Authentication successful", await CommandAsync(session, "AUTH PLAIN " + SaslStrings.Plain(user, settings.Password), timeout.Token));
        }
    }

    private static async Task<List<string>> EhloAsync(RawSession session, CancellationToken ct)
    {
        await session.SendAsync("EHLO sandbox-smoke.test", ct);
        return await session.ReadSmtpReplyAsync(ct);
    }

    private static async Task<string> CommandAsync(RawSession session, string command, CancellationToken ct)
    {
        await session.SendAsync(command, ct);
        return (await session.ReadSmtpReplyAsync(ct))[^1];
    }
}
