using System.Net;
using System.Text.Json;
using AckPoller.EntraStandIn.Registration;
using Microsoft.Identity.Client;

namespace AckPoller.Integration.Tests.EntraStandIn;

[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class DeviceCodeFlowTests(StandInFixture fixture) : IClassFixture<StandInFixture>
{
    [Fact]
    public async Task Msal_polls_until_the_user_approves_at_the_verification_page()
    {
        var app = PublicApp();
        var user = StandInFixture.NewUser();
        var pca = Pca(app);
        Task<HttpStatusCode>? approval = null;

        var result = await pca.AcquireTokenWithDeviceCode(MsalFlows.MailScopes, info =>
        {
            Assert.Equal(new Uri(fixture.Host.BaseUrl, "devicelogin"), new Uri(info.VerificationUrl));
            Assert.Contains(info.UserCode, info.Message, StringComparison.Ordinal);
            approval = ApproveLaterAsync(new Uri(info.VerificationUrl), info.UserCode, user);
            return Task.CompletedTask;
        }).ExecuteAsync();

        Assert.Equal(HttpStatusCode.OK, await approval!);
        Assert.Equal(user, result.Account.Username);
        Assert.Equal(user, ClientCredentialsTests.JwtClaims(result.AccessToken).GetProperty("upn").GetString());
        Assert.Equal("0", ClientCredentialsTests.JwtClaims(result.AccessToken).GetProperty("appidacr").GetString());
        var accounts = await pca.GetAccountsAsync();
        Assert.Equal(result.Account.HomeAccountId.Identifier, Assert.Single(accounts).HomeAccountId.Identifier);
        Assert.Equal(result.AccessToken, (await pca.AcquireTokenSilent(MsalFlows.MailScopes, accounts.First()).ExecuteAsync()).AccessToken);
    }

    [Fact]
    public async Task A_declined_sign_in_fails_with_authorization_declined()
    {
        var app = PublicApp();
        var pca = Pca(app);

        var error = await Assert.ThrowsAnyAsync<MsalServiceException>(() => pca.AcquireTokenWithDeviceCode(MsalFlows.MailScopes, info =>
        {
            _ = StandInBrowser.ApproveDeviceCodeAsync(fixture.Browser, new Uri(info.VerificationUrl), info.UserCode, "", "", decline: true);
            return Task.CompletedTask;
        }).ExecuteAsync());

        Assert.Equal("authorization_declined", error.ErrorCode);
    }

    [Fact]
    public async Task Wrong_password_or_unknown_code_is_refused_at_the_verification_page()
    {
        var app = PublicApp();
        var start = await StartAsync(app);
        var page = new Uri(fixture.Host.BaseUrl, "devicelogin");

        Assert.Equal(HttpStatusCode.Unauthorized, await StandInBrowser.ApproveDeviceCodeAsync(fixture.Browser, page, start.GetProperty("user_code").GetString()!, StandInFixture.NewUser(), "wrong"));
        Assert.Equal(HttpStatusCode.BadRequest, await StandInBrowser.ApproveDeviceCodeAsync(fixture.Browser, page, "NOSUCHCODE", StandInFixture.NewUser(), StandInFixture.Password));
    }

    [Fact]
    public async Task Polling_faster_than_the_interval_gets_slow_down()
    {
        var app = PublicApp();
        var start = await StartAsync(app);
        Assert.Equal(1, start.GetProperty("interval").GetInt32());
        var poll = new Dictionary<string, string>
        {
            ["client_id"] = app.ClientId,
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
            ["device_code"] = start.GetProperty("device_code").GetString()!,
        };

        var first = await PostAsync("oauth2/v2.0/token", poll);
        var second = await PostAsync("oauth2/v2.0/token", poll);

        Assert.Equal("authorization_pending", first.GetProperty("error").GetString());
        Assert.Equal("slow_down", second.GetProperty("error").GetString());
    }

    private AppRegistration PublicApp() => fixture.RegisterApp(a => a with { Secrets = [], AllowPublicClient = true });

    private IPublicClientApplication Pca(AppRegistration app) =>
        PublicClientApplicationBuilder.Create(app.ClientId)
            .WithAuthority(fixture.Host.Authority)
            .WithHttpClientFactory(new StandInMsalHttpClientFactory(fixture.Host))
            .Build();

    private async Task<HttpStatusCode> ApproveLaterAsync(Uri page, string userCode, string user)
    {
        await Task.Delay(1500);
        return await StandInBrowser.ApproveDeviceCodeAsync(fixture.Browser, page, userCode, user, StandInFixture.Password);
    }

    private Task<JsonElement> StartAsync(AppRegistration app) =>
        PostAsync("oauth2/v2.0/devicecode", new() { ["client_id"] = app.ClientId, ["scope"] = string.Join(' ', MsalFlows.MailScopes) });

    private async Task<JsonElement> PostAsync(string path, Dictionary<string, string> form)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await fixture.Browser.PostAsync(new Uri(fixture.Host.Authority + path), content);
        return JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
    }
}
