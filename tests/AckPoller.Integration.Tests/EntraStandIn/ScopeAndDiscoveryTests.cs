using AckPoller.EntraStandIn.Hosting;
using AckPoller.EntraStandIn.Registration;
using Microsoft.Identity.Client;

namespace AckPoller.Integration.Tests.EntraStandIn;

[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class ScopeAndDiscoveryTests(StandInFixture fixture) : IClassFixture<StandInFixture>
{
    [Fact]
    public async Task Graph_and_outlook_scopes_in_one_request_are_refused_like_entra_does()
    {
        var app = fixture.RegisterApp(a => a with { Secrets = [], AllowPublicClient = true });

        var error = await Assert.ThrowsAsync<MsalServiceException>(() => Pca(app)
            .AcquireTokenWithDeviceCode(["https://outlook.office.com/IMAP.AccessAsUser.All", "https://graph.microsoft.com/Mail.Read"], _ => Task.CompletedTask)
            .ExecuteAsync());

        Assert.Equal("invalid_scope", error.ErrorCode);
        Assert.Contains("AADSTS28000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_outlook_permissions_are_refused()
    {
        var app = fixture.RegisterApp(a => a with { Secrets = [], AllowPublicClient = true });

        var error = await Assert.ThrowsAsync<MsalServiceException>(() => Pca(app)
            .AcquireTokenWithDeviceCode(["https://outlook.office.com/Calendars.ReadWrite"], _ => Task.CompletedTask).ExecuteAsync());

        Assert.Equal("invalid_scope", error.ErrorCode);
    }

    [Fact]
    public async Task Pop_and_outlook365_host_scopes_are_accepted()
    {
        var app = fixture.RegisterApp();
        var user = StandInFixture.NewUser();
        string[] scopes = ["https://outlook.office365.com/POP.AccessAsUser.All", "offline_access"];
        var msal = MsalFlows.Confidential(fixture, app);
        var url = await msal.GetAuthorizationRequestUrl(scopes).WithPkce(out var verifier).ExecuteAsync();
        var (code, _) = await StandInBrowser.SignInAsync(fixture.Browser, url, user, StandInFixture.Password);

        var result = await msal.AcquireTokenByAuthorizationCode(scopes, code).WithPkceCodeVerifier(verifier).ExecuteAsync();

        Assert.Equal("POP.AccessAsUser.All", ClientCredentialsTests.JwtClaims(result.AccessToken).GetProperty("scp").GetString());
        Assert.Contains("https://outlook.office365.com/POP.AccessAsUser.All", result.Scopes);
    }

    [Fact]
    public async Task The_production_authority_reaches_the_stand_in_through_the_http_client_factory()
    {
        // A host of its own. MSAL caches instance metadata process-wide, so whether it asks /common/discovery/instance
        // depends on what other tests in this process did first: only the token request is certain.
        await using var host = await EntraStandInHost.StartAsync(new EntraStandInOptions { Url = "https://localhost:0" });
        var app = new AppRegistration { ClientId = Guid.NewGuid().ToString(), Secrets = [new() { Value = "s" }], AppMailbox = "app@sandbox.test" };
        host.Registry.AddApp(app);

        var result = await ConfidentialClientApplicationBuilder.Create(app.ClientId)
            .WithAuthority($"https://login.microsoftonline.com/{host.TenantId}")
            .WithClientSecret("s")
            .WithHttpClientFactory(new StandInMsalHttpClientFactory(host)).Build()
            .AcquireTokenForClient([ClientCredentialsTests.ExchangeDefault]).ExecuteAsync();

        Assert.Equal(app.AppMailbox, ClientCredentialsTests.JwtClaims(result.AccessToken).GetProperty("upn").GetString());
        Assert.Equal($"POST /{host.TenantId}/oauth2/v2.0/token", host.Requests[^1]);
        Assert.All(host.Requests, r => Assert.True(r == $"POST /{host.TenantId}/oauth2/v2.0/token" || r == "GET /common/discovery/instance", r));
    }

    private IPublicClientApplication Pca(AppRegistration app) =>
        PublicClientApplicationBuilder.Create(app.ClientId).WithAuthority(fixture.Host.Authority)
            .WithHttpClientFactory(new StandInMsalHttpClientFactory(fixture.Host)).Build();
}
