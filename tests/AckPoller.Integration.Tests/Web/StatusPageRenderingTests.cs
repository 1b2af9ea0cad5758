using AckPoller.Core.Accounts;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Web;
using Microsoft.AspNetCore.Http;

namespace AckPoller.Integration.Tests.Web;

/// <summary>The page's banners for each kind of account trouble, rendered without a server, and the host names a keyless
/// binding accepts.</summary>
public sealed class StatusPageRenderingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 11, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_account_that_needs_a_person_gets_a_banner_saying_what_to_do()
    {
        var html = StatusPageHtml.Render(Model(
            Account("code", AuthState.ReauthRequired, "Refresh token expired <AADSTS700082>", new SignInChallenge { AuthorizationUrl = new Uri("https://login.microsoftonline.com/t/oauth2/v2.0/authorize?client_id=c&state=s&x=\"y\"") }),
            Account("device", AuthState.ReauthRequired, "MFA required", new SignInChallenge { UserCode = "ABCD-1234", VerificationUrl = new Uri("https://microsoft.com/devicelogin"), ExpiresAt = Now.AddMinutes(10) }),
            Account("expired", AuthState.ReauthRequired, "old code", new SignInChallenge { UserCode = "OLD", VerificationUrl = new Uri("https://microsoft.com/devicelogin"), ExpiresAt = Now.AddMinutes(-1) }),
            Account("secret", AuthState.CredentialInvalid, "AADSTS7000215: the secret ID was given instead of its value", null),
            Account("fine", AuthState.Authorized, null, null)));

        Assert.Contains("Authorization required for <b>code@contoso.com</b> since 2026-11-24 10:42 UTC — Refresh token expired &lt;AADSTS700082&gt; — "
            + "<a class=\"sign-in\" href=\"https://login.microsoftonline.com/t/oauth2/v2.0/authorize?client_id=c&amp;state=s&amp;x=%22y%22\" rel=\"noreferrer\">Sign in</a>", html, StringComparison.Ordinal);
        Assert.Contains("Sign in: enter code <code class=\"user-code\">ABCD-1234</code> at <a class=\"sign-in\" href=\"https://microsoft.com/devicelogin\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">OLD<", html, StringComparison.Ordinal);
        Assert.Contains("old code — run <code>ackpoller auth login expired</code>", html, StringComparison.Ordinal);
        Assert.Contains("Action required for <b>secret@contoso.com</b>", html, StringComparison.Ordinal);
        Assert.Contains("fix the configuration, then restart AckPoller", html, StringComparison.Ordinal);
        Assert.Equal(4, html.Split("class=\"banner\"").Length - 1);
        Assert.DoesNotContain("data-account=\"fine\" role", html, StringComparison.Ordinal);
        Assert.Contains("<meta http-equiv=\"refresh\" content=\"30\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_keyless_binding_accepts_loopback_names_and_the_redirect_uris_host_only()
    {
        var options = new AckPollerOptions();
        options.Accounts.Add(new MailAccountOptions { Name = "a", Mailbox = "a@x.test", RedirectUri = "https://ackpoller.example.com/oauth/callback" });
        var hosts = new AllowedHosts(options);

        Assert.True(hosts.Allows("localhost"));
        Assert.True(hosts.Allows("127.0.0.1"));
        Assert.True(hosts.Allows("127.8.9.10"));
        Assert.True(hosts.Allows("[::1]"));
        Assert.True(hosts.Allows("ACKPOLLER.example.com"));
        Assert.False(hosts.Allows("evil.example.com"));
        Assert.False(hosts.Allows("10.0.0.5"));
        Assert.False(hosts.Allows(""));
    }

    private static StatusPageModel Model(params AccountStatus[] accounts) => new()
    {
        Now = Now,
        Accounts = accounts,
        OpenAlerts = [],
        Filters = StatusPageFilters.From(new QueryCollection()),
    };

    private static AccountStatus Account(string name, AuthState state, string? reason, SignInChallenge? challenge) => new()
    {
        Name = name,
        Mailbox = name + "@contoso.com",
        Protocol = MailProtocol.Imap,
        AuthKind = AccountAuthKind.DelegatedAuthorizationCode,
        AuthState = state,
        AuthReason = reason,
        AuthSince = new DateTimeOffset(2026, 11, 24, 10, 42, 13, TimeSpan.Zero),
        SignIn = challenge,
    };
}
