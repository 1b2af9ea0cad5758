using AckPoller.Mail;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Transport;
using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.Imap;

[Trait(TestCategory.Name, TestCategory.Sandbox)]
public class ImapSandboxAuthenticationTests
{
    [Theory]
    [InlineData("starttls", "XOAUTH2")]
    [InlineData("starttls", "OAUTHBEARER")]
    [InlineData("implicit", "XOAUTH2")]
    [InlineData("implicit", "OAUTHBEARER")]
    public async Task OAuth_tokens_authenticate_over_tls(string tls, string mechanism)
    {
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("imap-auth");
        using var minter = JwtMinter.Trusted(settings);
        await using var client = new ImapClient(ImapSandbox.Options(settings));
        await client.ConnectAsync(ImapSandbox.Endpoint(settings, tls), default);
        Assert.True(client.Connection!.IsSecure);
        Assert.Contains(mechanism, client.AuthenticationMechanisms);

        await client.AuthenticateAsync(MailCredentials.FromAccessToken(user, minter.Mint(user)), mechanism);

        Assert.True(client.IsAuthenticated);
        var inbox = await client.SelectAsync("INBOX", default);
        Assert.Equal(0u, inbox.Exists);
        await client.LogoutAsync(default);
        Assert.Null(client.Connection);
    }

    [Theory]
    [InlineData("expired", "XOAUTH2")]
    [InlineData("expired", "OAUTHBEARER")]
    [InlineData("untrusted", "XOAUTH2")]
    [InlineData("other-user", "XOAUTH2")]
    [InlineData("other-user", "OAUTHBEARER")]
    public async Task Bad_tokens_fail_with_the_server_text(string problem, string mechanism)
    {
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("imap-bad");
        using var trusted = JwtMinter.Trusted(settings);
        using var untrusted = JwtMinter.Untrusted(settings);
        var token = problem switch
        {
            "expired" => trusted.Mint(user, TimeSpan.FromMinutes(-10)),
            "untrusted" => untrusted.Mint(user),
            _ => trusted.Mint(settings.NewAddress("someone-else")),
        };
        await using var client = new ImapClient(ImapSandbox.Options(settings));
        await client.ConnectAsync(ImapSandbox.Implicit(settings), default);

        var error = await Assert.ThrowsAsync<MailAuthenticationException>(
            () => client.AuthenticateAsync(MailCredentials.FromAccessToken(user, token), mechanism));

        Assert.Equal(mechanism, error.Mechanism);
        Assert.Equal("AUTHENTICATIONFAILED", error.ResponseCode);
        Assert.Equal("[AUTHENTICATIONFAILED] Authentication failed.", error.ServerResponse);
        Assert.NotNull(error.OAuthError);
        Assert.DoesNotContain(token, error.ToString(), StringComparison.Ordinal);
        Assert.False(client.IsAuthenticated);

        // The session survives a failed login: a good token works on the same connection.
        await client.AuthenticateAsync(MailCredentials.FromAccessToken(user, trusted.Mint(user)), mechanism);
        Assert.True(client.IsAuthenticated);
    }

    [Fact]
    public async Task Plaintext_authentication_is_refused_before_tls()
    {
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("imap-plain");
        using var minter = JwtMinter.Trusted(settings);

        // Dovecot counts 127.0.0.1 -> 127.0.0.1 as secure; 127.0.0.1 -> 127.0.0.2 is not.
        await using var client = new ImapClient(ImapSandbox.Options(settings));
        await client.ConnectAsync(new MailEndpoint("127.0.0.2", settings.Ports.Imap, TlsMode.None), default);
        Assert.False(client.Connection!.IsSecure);
        Assert.Contains("LOGINDISABLED", client.Capabilities);
        Assert.Empty(client.AuthenticationMechanisms);

        var sasl = await Assert.ThrowsAsync<MailAuthenticationException>(
            () => client.AuthenticateAsync(MailCredentials.FromAccessToken(user, minter.Mint(user))));
        Assert.Contains("requires TLS", sasl.Message, StringComparison.Ordinal);
        var login = await Assert.ThrowsAsync<MailAuthenticationException>(() => client.LoginAsync(user, settings.Password, default));
        Assert.Contains("requires TLS", login.Message, StringComparison.Ordinal);

        // Forced past the client's own check, the server refuses too.
        client.IgnoredCapabilities.Add("LOGINDISABLED");
        var forced = await Assert.ThrowsAsync<MailAuthenticationException>(() => client.LoginAsync(user, settings.Password, default));
        Assert.Equal("PRIVACYREQUIRED", forced.ResponseCode);
        Assert.False(client.IsAuthenticated);
    }

    [Fact]
    public async Task StartTls_to_the_insecure_address_then_allows_authentication()
    {
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("imap-upgrade");
        using var minter = JwtMinter.Trusted(settings);
        await using var client = new ImapClient(ImapSandbox.Options(settings));
        await client.ConnectAsync(ImapSandbox.StartTls(settings, "127.0.0.2"), default);
        Assert.True(client.Connection!.IsSecure);
        Assert.DoesNotContain("LOGINDISABLED", client.Capabilities);
        Assert.DoesNotContain("STARTTLS", client.Capabilities);
        await client.AuthenticateAsync(MailCredentials.FromAccessToken(user, minter.Mint(user)));
        Assert.True(client.IsAuthenticated);
    }

    [Fact]
    public async Task Password_login_and_id_work_over_tls()
    {
        var settings = SandboxSettings.Load();
        var user = settings.NewAddress("imap-login");
        await using var client = new ImapClient(ImapSandbox.Options(settings));
        await client.ConnectAsync(ImapSandbox.Implicit(settings), default);
        var id = await client.IdAsync(new Dictionary<string, string?> { ["name"] = "AckPoller" }, default);
        Assert.Equal("Dovecot", id["name"]);
        await client.LoginAsync(user, settings.Password, default);
        Assert.True(client.IsAuthenticated);
    }
}
