using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AckPoller.EntraStandIn.Faults;
using AckPoller.EntraStandIn.Registration;
using Microsoft.Identity.Client;

namespace AckPoller.Integration.Tests.EntraStandIn;

/// <summary>Each fault gives the MSAL exception the real Entra error gives.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class FaultSwitchTests(StandInFixture fixture) : IClassFixture<StandInFixture>
{
    [Theory]
    [InlineData(EntraFault.RefreshTokenExpired, "AADSTS700082")]
    [InlineData(EntraFault.GrantRevoked, "AADSTS50173")]
    public async Task Invalid_grant_on_refresh_makes_msal_ask_for_interaction(EntraFault fault, string code)
    {
        var signedIn = await SignInShortLivedAsync();
        fixture.Host.Faults.Add(new FaultRule { Fault = fault, Count = 1, ClientId = signedIn.ClientId });

        var error = await Assert.ThrowsAsync<MsalUiRequiredException>(() => MsalFlows.SilentAsync(signedIn.Flow));

        Assert.Equal("invalid_grant", error.ErrorCode);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains(code + ":", error.Message, StringComparison.Ordinal);
        Assert.Equal(UiRequiredExceptionClassification.None, error.Classification);
    }

    [Fact]
    public async Task A_fault_for_one_user_leaves_other_users_alone()
    {
        var signedIn = await SignInShortLivedAsync();
        fixture.Host.Faults.Add(new FaultRule { Fault = EntraFault.GrantRevoked, ClientId = signedIn.ClientId, User = StandInFixture.NewUser("other") });

        var refreshed = await MsalFlows.SilentAsync(signedIn.Flow);

        Assert.Equal(TokenSource.IdentityProvider, refreshed.AuthenticationResultMetadata.TokenSource);
    }

    [Theory]
    [InlineData(EntraFault.ClientSecretExpired, "AADSTS7000222")]
    [InlineData(EntraFault.InvalidClientSecret, "AADSTS7000215")]
    public async Task Invalid_client_faults_are_msal_service_exceptions(EntraFault fault, string code)
    {
        var app = fixture.RegisterApp();
        fixture.Host.Faults.Add(new FaultRule { Fault = fault, ClientId = app.ClientId });

        var error = await Assert.ThrowsAsync<MsalServiceException>(() => ClientCredentials(app).ExecuteAsync());

        Assert.Equal("invalid_client", error.ErrorCode);
        Assert.Equal(401, error.StatusCode);
        Assert.Contains(code + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_error_is_500_after_msal_retried_once_and_clears()
    {
        var app = fixture.RegisterApp();
        var id = fixture.Host.Faults.Add(new FaultRule { Fault = EntraFault.ServerError, ClientId = app.ClientId });
        var before = TokenRequests();

        var error = await Assert.ThrowsAsync<MsalServiceException>(() => ClientCredentials(app).ExecuteAsync());

        Assert.Equal(500, error.StatusCode);
        Assert.Equal(2, TokenRequests() - before);
        Assert.True(fixture.Host.Faults.Remove(id));
        Assert.NotNull((await ClientCredentials(app).ExecuteAsync()).AccessToken);
    }

    [Fact]
    public async Task Throttling_is_429_with_retry_after_and_msal_then_throttles_itself()
    {
        var app = fixture.RegisterApp();
        fixture.Host.Faults.Add(new FaultRule { Fault = EntraFault.Throttled, Count = 1, ClientId = app.ClientId, RetryAfterSeconds = 7 });
        var msal = ClientCredentialsApp(app);
        var before = TokenRequests();

        var error = await Assert.ThrowsAsync<MsalServiceException>(() => msal.AcquireTokenForClient([ClientCredentialsTests.ExchangeDefault]).ExecuteAsync());

        Assert.Equal(429, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), error.Headers.RetryAfter?.Delta);
        Assert.Equal(1, TokenRequests() - before);

        // MSAL remembers the Retry-After: the same request fails locally without reaching the server.
        var throttled = await Assert.ThrowsAsync<MsalThrottledServiceException>(() => msal.AcquireTokenForClient([ClientCredentialsTests.ExchangeDefault]).ExecuteAsync());
        Assert.Equal(429, throttled.StatusCode);
        Assert.Equal(1, TokenRequests() - before);

        // MSAL's throttling cache is process-wide: even a new MSAL app for the same client is held back.
        await Assert.ThrowsAsync<MsalThrottledServiceException>(() => ClientCredentials(app).ExecuteAsync());

        // The fault was for one request only: the stand-in answers the next one.
        Assert.Equal(HttpStatusCode.OK, (await RawClientCredentialsAsync(app, Guid.NewGuid().ToString())).Status);
    }

    [Fact]
    public async Task Admin_endpoint_arms_faults_for_the_next_n_requests_with_entra_shaped_bodies()
    {
        var app = fixture.RegisterApp();
        using var arm = await fixture.Browser.PostAsJsonAsync("_sandbox/faults",
            new { fault = "RefreshTokenExpired", count = 2, clientId = app.ClientId });
        Assert.Equal(HttpStatusCode.Created, arm.StatusCode);
        var correlationId = Guid.NewGuid().ToString();

        var first = await RawClientCredentialsAsync(app, correlationId);
        var second = await RawClientCredentialsAsync(app, correlationId);
        var third = await RawClientCredentialsAsync(app, correlationId);

        Assert.Equal(HttpStatusCode.BadRequest, first.Status);
        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.Equal(HttpStatusCode.OK, third.Status);
        var body = first.Body;
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.StartsWith("AADSTS700082: ", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Equal(700082, body.GetProperty("error_codes")[0].GetInt32());
        Assert.Equal(correlationId, body.GetProperty("correlation_id").GetString());
        Assert.True(Guid.TryParse(body.GetProperty("trace_id").GetString(), out _));
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$", body.GetProperty("timestamp").GetString()!);
    }

    [Fact]
    public async Task Admin_endpoint_clears_faults()
    {
        var app = fixture.RegisterApp();
        using var arm = await fixture.Browser.PostAsJsonAsync("_sandbox/faults", new { fault = "ServerError", clientId = app.ClientId });
        Assert.Equal(HttpStatusCode.InternalServerError, (await RawClientCredentialsAsync(app, Guid.NewGuid().ToString())).Status);

        using var clear = await fixture.Browser.DeleteAsync("_sandbox/faults");

        Assert.Equal(HttpStatusCode.NoContent, clear.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RawClientCredentialsAsync(app, Guid.NewGuid().ToString())).Status);
    }

    private async Task<(MsalFlows.SignedIn Flow, string ClientId)> SignInShortLivedAsync()
    {
        var app = fixture.RegisterApp(a => a with { AccessTokenLifetimeSeconds = 60 });
        return (await MsalFlows.SignInWithCodeAsync(fixture, app, StandInFixture.NewUser()), app.ClientId);
    }

    private int TokenRequests() => fixture.Host.Requests.Count(request => request.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal));

    private IConfidentialClientApplication ClientCredentialsApp(AppRegistration app) =>
        ConfidentialClientApplicationBuilder.Create(app.ClientId).WithAuthority(fixture.Host.Authority).WithClientSecret(app.Secrets[0].Value)
            .WithHttpClientFactory(new StandInMsalHttpClientFactory(fixture.Host)).Build();

    private AcquireTokenForClientParameterBuilder ClientCredentials(AppRegistration app) =>
        ClientCredentialsApp(app).AcquireTokenForClient([ClientCredentialsTests.ExchangeDefault]);

    private async Task<(HttpStatusCode Status, JsonElement Body)> RawClientCredentialsAsync(AppRegistration app, string correlationId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Host.Authority + "oauth2/v2.0/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["client_id"] = app.ClientId,
                ["client_secret"] = app.Secrets[0].Value,
                ["grant_type"] = "client_credentials",
                ["scope"] = ClientCredentialsTests.ExchangeDefault,
            }),
        };
        request.Headers.Add("client-request-id", correlationId);
        using var response = await fixture.Browser.SendAsync(request);
        return (response.StatusCode, JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync()));
    }
}
