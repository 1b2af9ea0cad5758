using System.Net;
using System.Web;
using AckPoller.EntraStandIn.Hosting;
using AckPoller.EntraStandIn.Tokens;
using Microsoft.Identity.Client;

namespace AckPoller.Integration.Tests.EntraStandIn;

[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class AuthorizationCodeFlowTests(StandInFixture fixture) : IClassFixture<StandInFixture>
{
    [Fact]
    public async Task Code_with_pkce_signs_the_user_in_and_silent_refresh_rotates_the_refresh_token()
    {
        var app = fixture.RegisterApp(a => a with { AccessTokenLifetimeSeconds = 120 });
        var user = StandInFixture.NewUser();

        var signedIn = await MsalFlows.SignInWithCodeAsync(fixture, app, user);

        Assert.Equal(user, signedIn.First.Account.Username);
        Assert.Equal($"{SandboxIdentity.UserObjectId(user)}.{fixture.Host.TenantId}", signedIn.AccountId);
        var first = LastIssuance(app.ClientId);
        Assert.Equal("authorization_code", first.GrantType);

        // expires_in <= 300: MSAL treats the token as due for refresh and uses the refresh token on the next silent call.
        var refreshed = await MsalFlows.SilentAsync(signedIn);
        Assert.Equal(TokenSource.IdentityProvider, refreshed.AuthenticationResultMetadata.TokenSource);
        Assert.NotEqual(signedIn.First.AccessToken, refreshed.AccessToken);
        Assert.Equal(signedIn.AccountId, refreshed.Account.HomeAccountId.Identifier);
        var second = LastIssuance(app.ClientId);
        Assert.Equal("refresh_token", second.GrantType);
        Assert.Equal(first.RefreshToken, second.RedeemedRefreshToken);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.False(fixture.Host.IsRefreshTokenValid(first.RefreshToken!));
        Assert.True(fixture.Host.IsRefreshTokenValid(second.RefreshToken!));

        // MSAL stored the rotated token: the next refresh redeems it.
        await MsalFlows.SilentAsync(signedIn);
        Assert.Equal(second.RefreshToken, LastIssuance(app.ClientId).RedeemedRefreshToken);

        // The old refresh token is dead.
        using var reuse = await PostTokenAsync(new()
        {
            ["client_id"] = app.ClientId,
            ["client_secret"] = app.Secrets[0].Value,
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = first.RefreshToken!,
            ["scope"] = string.Join(' ', MsalFlows.MailScopes),
        });
        Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);
        Assert.Contains("invalid_grant", await reuse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Access_token_carries_the_mailbox_and_mail_scopes_and_no_azp()
    {
        var app = fixture.RegisterApp();
        var user = StandInFixture.NewUser();

        var signedIn = await MsalFlows.SignInWithCodeAsync(fixture, app, user);

        var claims = ClientCredentialsTests.JwtClaims(signedIn.First.AccessToken);
        Assert.Equal(user, claims.GetProperty("upn").GetString());
        Assert.Equal("https://outlook.office.com", claims.GetProperty("aud").GetString());
        Assert.Equal("IMAP.AccessAsUser.All SMTP.Send", claims.GetProperty("scp").GetString());
        Assert.False(claims.TryGetProperty("azp", out _));
        var header = System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(
            System.Buffers.Text.Base64Url.DecodeFromChars(signedIn.First.AccessToken.Split('.')[0]));
        Assert.Equal("JWT", header.GetProperty("typ").GetString());
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
    }

    [Fact]
    public async Task Wrong_code_verifier_is_refused()
    {
        var app = fixture.RegisterApp();
        var user = StandInFixture.NewUser();
        var msal = MsalFlows.Confidential(fixture, app);
        var url = await msal.GetAuthorizationRequestUrl(MsalFlows.MailScopes).WithPkce(out _).ExecuteAsync();
        var (code, _) = await StandInBrowser.SignInAsync(fixture.Browser, url, user, StandInFixture.Password);

        var error = await Assert.ThrowsAnyAsync<MsalServiceException>(() =>
            msal.AcquireTokenByAuthorizationCode(MsalFlows.MailScopes, code).WithPkceCodeVerifier(new string('x', 64)).ExecuteAsync());

        Assert.Equal("invalid_grant", error.ErrorCode);
        Assert.Contains("AADSTS501481", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_redeems_once()
    {
        var app = fixture.RegisterApp();
        var msal = MsalFlows.Confidential(fixture, app);
        var url = await msal.GetAuthorizationRequestUrl(MsalFlows.MailScopes).WithPkce(out var verifier).ExecuteAsync();
        var (code, _) = await StandInBrowser.SignInAsync(fixture.Browser, url, StandInFixture.NewUser(), StandInFixture.Password);
        await msal.AcquireTokenByAuthorizationCode(MsalFlows.MailScopes, code).WithPkceCodeVerifier(verifier).ExecuteAsync();

        var error = await Assert.ThrowsAnyAsync<MsalServiceException>(() =>
            msal.AcquireTokenByAuthorizationCode(MsalFlows.MailScopes, code).WithPkceCodeVerifier(verifier).ExecuteAsync());

        Assert.Contains("AADSTS54005", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Codes_are_short_lived()
    {
        await using var host = await EntraStandInHost.StartAsync(new EntraStandInOptions
        {
            Url = "https://localhost:0",
            UserPassword = StandInFixture.Password,
            AuthorizationCodeLifetime = TimeSpan.FromMilliseconds(300),
        });
        var app = new AckPoller.EntraStandIn.Registration.AppRegistration
        {
            ClientId = Guid.NewGuid().ToString(),
            Secrets = [new() { Value = "s" }],
            RedirectUris = ["http://localhost:7777/callback"],
        };
        host.Registry.AddApp(app);
        var msal = ConfidentialClientApplicationBuilder.Create(app.ClientId).WithAuthority(host.Authority).WithClientSecret("s")
            .WithRedirectUri(app.RedirectUris[0]).WithHttpClientFactory(new StandInMsalHttpClientFactory(host)).Build();
        using var browser = new HttpClient(host.CreateHttpMessageHandler());
        var url = await msal.GetAuthorizationRequestUrl(MsalFlows.MailScopes).WithPkce(out var verifier).ExecuteAsync();
        var (code, _) = await StandInBrowser.SignInAsync(browser, url, StandInFixture.NewUser(), StandInFixture.Password);
        await Task.Delay(600);

        var error = await Assert.ThrowsAnyAsync<MsalServiceException>(() =>
            msal.AcquireTokenByAuthorizationCode(MsalFlows.MailScopes, code).WithPkceCodeVerifier(verifier).ExecuteAsync());

        Assert.Contains("AADSTS70008", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_returns_the_state_and_auto_approve_skips_the_form()
    {
        var app = fixture.RegisterApp();
        var user = StandInFixture.NewUser();
        var msal = MsalFlows.Confidential(fixture, app);
        var url = await msal.GetAuthorizationRequestUrl(MsalFlows.MailScopes).WithPkce(out var verifier).WithLoginHint(user)
            .WithExtraQueryParameters(new Dictionary<string, (string, bool)> { ["sandbox_auto_approve"] = ("true", false) }).ExecuteAsync();

        using var response = await fixture.Browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var redirect = response.Headers.Location!;
        Assert.StartsWith(app.RedirectUris[0] + "?", redirect.ToString(), StringComparison.Ordinal);
        var query = HttpUtility.ParseQueryString(redirect.Query);
        Assert.Equal(HttpUtility.ParseQueryString(url.Query)["state"], query["state"]);
        var result = await msal.AcquireTokenByAuthorizationCode(MsalFlows.MailScopes, query["code"]).WithPkceCodeVerifier(verifier).ExecuteAsync();
        Assert.Equal(user, result.Account.Username);
    }

    [Fact]
    public async Task The_authorize_page_is_a_form_and_a_wrong_password_shows_it_again()
    {
        var app = fixture.RegisterApp();
        var url = await MsalFlows.Confidential(fixture, app).GetAuthorizationRequestUrl(MsalFlows.MailScopes).ExecuteAsync();

        using var page = await fixture.Browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("name=\"passwd\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var content = new FormUrlEncodedContent([new("login", StandInFixture.NewUser()), new("passwd", "wrong")]);
        using var wrong = await fixture.Browser.PostAsync(url, content);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Null(wrong.Headers.Location);
        Assert.Contains("AADSTS50126", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unregistered_redirect_uri_or_client_gets_an_error_page_not_a_redirect()
    {
        var app = fixture.RegisterApp();
        var badRedirect = $"{fixture.Host.Authority}oauth2/v2.0/authorize?client_id={app.ClientId}&response_type=code&redirect_uri=https%3A%2F%2Fevil.example%2F&scope=openid";
        var badClient = $"{fixture.Host.Authority}oauth2/v2.0/authorize?client_id={Guid.NewGuid()}&response_type=code&redirect_uri=http%3A%2F%2Flocalhost%3A7777%2Fcallback&scope=openid";

        using var redirectPage = await fixture.Browser.GetAsync(badRedirect);
        using var clientPage = await fixture.Browser.GetAsync(badClient);

        Assert.Equal(HttpStatusCode.BadRequest, redirectPage.StatusCode);
        Assert.Contains("AADSTS50011", await redirectPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, clientPage.StatusCode);
        Assert.Contains("AADSTS700016", await clientPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private TokenIssuance LastIssuance(string clientId) => fixture.Host.Issuances.Last(issuance => issuance.ClientId == clientId);

    private async Task<HttpResponseMessage> PostTokenAsync(Dictionary<string, string> form)
    {
        using var content = new FormUrlEncodedContent(form);
        return await fixture.Browser.PostAsync(new Uri(fixture.Host.Authority + "oauth2/v2.0/token"), content);
    }
}
