using AckPoller.Mail;
using AckPoller.Mail.Sasl;
using AckPoller.Sandbox;

namespace AckPoller.Integration.Tests.Pop3;

[Trait(TestCategory.Name, TestCategory.Sandbox)]
public class Pop3SandboxAuthenticationTests
{
    private readonly SandboxSettings _settings = SandboxSettings.Load();

    [Theory]
    [InlineData("XOAUTH2", false)]
    [InlineData("XOAUTH2", true)]
    [InlineData("OAUTHBEARER", false)]
    [InlineData("OAUTHBEARER", true)]
    public async Task OAuth_tokens_log_in_over_STLS_and_POP3S(string mechanism, bool implicitTls)
    {
        var user = _settings.NewAddress("pop3-oauth");
        using var minter = JwtMinter.Trusted(_settings);
        await using var client = await Pop3Sandbox.ConnectAsync(_settings, implicitTls);
        Assert.True(client.Connection!.IsSecure);
        Assert.Contains(mechanism, client.AuthenticationMechanisms);
        Assert.DoesNotContain("STLS", client.Capabilities);

        await client.AuthenticateAsync(MailCredentials.FromAccessToken(user, Pop3Sandbox.Token(minter, user)), mechanism, default);

        Assert.True(client.IsAuthenticated);
        Assert.Equal(0, (await client.StatAsync(default)).Count);
        await client.QuitAsync(default);
    }

    public static TheoryData<string, string> BadTokens => new()
    {
        { "XOAUTH2", "expired" },
        { "XOAUTH2", "untrusted" },
        { "XOAUTH2", "other-user" },
        { "OAUTHBEARER", "expired" },
        { "OAUTHBEARER", "untrusted" },
        { "OAUTHBEARER", "other-user" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Bad_tokens_are_rejected_with_the_server_text(string mechanism, string problem)
    {
        var user = _settings.NewAddress("pop3-badtoken");
        using var trusted = JwtMinter.Trusted(_settings);
        using var untrusted = JwtMinter.Untrusted(_settings);
        var token = problem switch
        {
            "expired" => Pop3Sandbox.Token(trusted, user, TimeSpan.FromMinutes(-10)),
            "untrusted" => Pop3Sandbox.Token(untrusted, user),
            _ => Pop3Sandbox.Token(trusted, _settings.NewAddress("someone-else")),
        };
        await using var client = await Pop3Sandbox.ConnectAsync(_settings, implicitTls: false);

        var error = await Assert.ThrowsAsync<MailAuthenticationException>(
            () => client.AuthenticateAsync(MailCredentials.FromAccessToken(user, token), mechanism, default));

        Assert.Equal(mechanism, error.Mechanism);
        Assert.False(string.IsNullOrWhiteSpace(error.ServerResponse));
        Assert.Equal("AUTH", error.ResponseCode);
        Assert.NotNull(error.OAuthError);
        Assert.Contains(error.ServerResponse!, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.Message, StringComparison.Ordinal);
        Assert.False(client.IsAuthenticated);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PLAIN_logs_in_with_the_sandbox_password(bool implicitTls)
    {
        var user = _settings.NewAddress("pop3-plain");
        await using var client = await Pop3Sandbox.ConnectAsync(_settings, implicitTls);
        await client.AuthenticateAsync(MailCredentials.FromPassword(user, _settings.Password), cancellationToken: default);
        Assert.True(client.IsAuthenticated);
        await client.QuitAsync(default);
    }

    [Fact]
    public async Task USER_PASS_logs_in_and_a_wrong_password_is_an_authentication_error()
    {
        var user = _settings.NewAddress("pop3-userpass");
        await using var client = await Pop3Sandbox.ConnectAsync(_settings, implicitTls: false);
        var error = await Assert.ThrowsAsync<MailAuthenticationException>(() => client.LoginAsync(user, "wrong-password", default));
        Assert.False(string.IsNullOrWhiteSpace(error.ServerResponse));

        await client.LoginAsync(user, _settings.Password, default);
        Assert.True(client.IsAuthenticated);
        await client.QuitAsync(default);
    }
}
