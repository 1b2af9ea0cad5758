using AckPoller.Core.Accounts;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Web;
using Microsoft.AspNetCore.Http;

namespace AckPoller.Integration.Tests.Web;

/// <summary>The page's banners for each kind of account trouble (and which get a "Sign in" button), rendered without a
/// server; the sign-in forms' tokens; and the host names a keyless binding accepts.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
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
    public void A_sign_in_button_for_delegated_accounts_without_a_usable_link_only()
    {
        var html = StatusPageHtml.Render(Model(
            Account("never", AuthState.Unconfigured, "Not signed in yet.", null),
            Account("expired", AuthState.ReauthRequired, "old code", new SignInChallenge { UserCode = "OLD", VerificationUrl = new Uri("https://microsoft.com/devicelogin"), ExpiresAt = Now.AddMinutes(-1) }, AccountAuthKind.DelegatedDeviceCode),
            Account("linked", AuthState.ReauthRequired, "expired", new SignInChallenge { AuthorizationUrl = new Uri("https://login.microsoftonline.com/t/oauth2/v2.0/authorize?state=s") }),
            Account("secret", AuthState.CredentialInvalid, "bad secret", null),
            Account("app", AuthState.Unconfigured, "Not signed in yet.", null, AccountAuthKind.ClientCredentials)) with { SignInToken = account => "tok<" + account + ">" });

        Assert.Contains("Not signed in yet. — <form class=\"sign-in-start\" method=\"post\" action=\"/accounts/never/sign-in\"><input type=\"hidden\" name=\"token\" value=\"tok&lt;never&gt;\">"
            + "<button class=\"sign-in\" type=\"submit\">Sign in</button></form> or run <code>ackpoller auth login never</code>", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/accounts/expired/sign-in\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/accounts/linked/sign-in", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/accounts/secret/sign-in", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/accounts/app/sign-in", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("<form class=\"sign-in-start\"").Length - 1);
    }

    [Fact]
    public void Sign_in_tokens_are_bound_to_the_account_and_expire()
    {
        var time = new OffsetTimeProvider();
        var tokens = new SignInTokens(time);
        var token = tokens.Issue("fresh");

        Assert.True(tokens.Verify("fresh", token));
        Assert.True(tokens.Verify("FRESH", token));
        Assert.False(tokens.Verify("other", token));
        Assert.False(tokens.Verify("fresh", null));
        Assert.False(tokens.Verify("fresh", "garbage"));
        Assert.False(tokens.Verify("fresh", "1." + token[(token.IndexOf('.', StringComparison.Ordinal) + 1)..]));
        Assert.False(new SignInTokens(time).Verify("fresh", token));
        time.Offset = SignInTokens.Lifetime - TimeSpan.FromMinutes(1);
        Assert.True(tokens.Verify("fresh", token));
        time.Offset = SignInTokens.Lifetime + TimeSpan.FromMinutes(1);
        Assert.False(tokens.Verify("fresh", token));
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

    [Fact]
    public void Alertmanager_silences_are_linked_and_refusals_shown_with_their_reason()
    {
        var alert = new Core.Alerts.Alert { Reference = Core.Alerts.AlertReference.Parse("AP-5A7001"), Subject = "Disk <full>", CreatedAt = Now, UpdatedAt = Now };
        var refused = alert with { Reference = Core.Alerts.AlertReference.Parse("AP-5A7002") };
        var html = StatusPageHtml.Render(Model() with
        {
            Silences =
            [
                (alert, new Core.Reporting.AlertSilence("abc-123", Now.AddHours(4), null, "http://am.example:9093/#/silences/abc-123")),
                (refused, new Core.Reporting.AlertSilence(null, null, "Alertmanager refused the silence: 400 \"bad <matcher>\"", null)),
            ],
        });

        Assert.Contains("<h2>Alertmanager silences</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<td>AP-5A7001</td><td>Disk &lt;full&gt;</td><td><a class=\"silence\" href=\"http://am.example:9093/#/silences/abc-123\" rel=\"noreferrer\">abc-123</a></td><td>2026-11-24 15:00 UTC</td>", html, StringComparison.Ordinal);
        Assert.Contains("not made: Alertmanager refused the silence: 400 &quot;bad &lt;matcher&gt;&quot;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Alertmanager silences", StatusPageHtml.Render(Model()), StringComparison.Ordinal);
    }

    private static StatusPageModel Model(params AccountStatus[] accounts) => new()
    {
        Now = Now,
        Accounts = accounts,
        OpenAlerts = [],
        Filters = StatusPageFilters.From(new QueryCollection()),
    };

    private static AccountStatus Account(string name, AuthState state, string? reason, SignInChallenge? challenge, AccountAuthKind kind = AccountAuthKind.DelegatedAuthorizationCode) => new()
    {
        Name = name,
        Mailbox = name + "@contoso.com",
        Protocol = MailProtocol.Imap,
        AuthKind = kind,
        AuthState = state,
        AuthReason = reason,
        AuthSince = new DateTimeOffset(2026, 11, 24, 10, 42, 13, TimeSpan.Zero),
        SignIn = challenge,
    };
}
