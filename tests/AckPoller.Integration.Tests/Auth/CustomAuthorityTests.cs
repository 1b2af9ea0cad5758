using System.Net;
using System.Text;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.EntraStandIn.Hosting;
using Microsoft.Identity.Client;

namespace AckPoller.Integration.Tests.Auth;

/// <summary>An authority that is not Microsoft's (the sandbox stand-in, an on-premises or test authority) must work on a
/// machine that can reach Microsoft: there, Microsoft's instance discovery answers invalid_instance for a host it does not
/// know, and MSAL would fail the sign-in unless instance discovery is off for such authorities.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class CustomAuthorityTests
{
    [Fact]
    public async Task A_non_Microsoft_authority_gets_tokens_even_when_Microsoft_answers_invalid_instance()
    {
        await using var harness = await AuthHarness.StartAsync();
        var account = harness.Account(AccountAuthKind.ClientCredentials, MailProtocol.Imap);
        account.Authority = harness.Entra.Authority;
        var options = new AckPollerOptions { Storage = new StorageOptions { DatabasePath = harness.DatabasePath } };
        options.Accounts.Add(account);
        var store = await SqliteStore.OpenAsync(options.Storage, harness.Time, harness.Loggers, default);
        using var http = new InternetLikeMsalHttpClientFactory(harness.Entra);
        await using var authenticators = new AccountAuthenticators(options, store.AuthStates, store.TokenCaches, http, harness.Key, harness.Time,
            harness.Loggers, new SecretResolver(name => name == AuthHarness.SecretVariable ? harness.ClientSecret : null));

        var credentials = await authenticators.Get(account.Name).GetCredentialsAsync(forceRefresh: false, default);

        Assert.NotNull(credentials);
        Assert.Equal(0, http.MicrosoftRequests);
        Assert.Equal(AuthState.Authorized, (await authenticators.States.GetAsync(account.Name, default)).State);
    }

    [Fact]
    public void Only_Microsofts_sign_in_hosts_keep_instance_discovery()
    {
        Assert.True(Core.Auth.Msal.MicrosoftCloudHosts.IsMicrosoftAuthority("https://login.microsoftonline.com/contoso.onmicrosoft.com"));
        Assert.True(Core.Auth.Msal.MicrosoftCloudHosts.IsMicrosoftAuthority("https://LOGIN.MICROSOFTONLINE.US/tenant"));
        Assert.False(Core.Auth.Msal.MicrosoftCloudHosts.IsMicrosoftAuthority("https://localhost:10443/tenant"));
        Assert.False(Core.Auth.Msal.MicrosoftCloudHosts.IsMicrosoftAuthority("https://login.microsoftonline.com.evil.test/tenant"));
    }

    /// <summary>Like a machine on the internet: Microsoft's hosts answer as Microsoft does for an unknown authority; every
    /// other host is the stand-in.</summary>
    private sealed class InternetLikeMsalHttpClientFactory : IMsalHttpClientFactory, IDisposable
    {
        private readonly HttpClient _client;
        private int _microsoftRequests;

        public InternetLikeMsalHttpClientFactory(EntraStandInHost standIn) =>
            _client = new HttpClient(new MicrosoftAnswersInvalidInstance(this) { InnerHandler = standIn.CreateHttpMessageHandler() });

        public int MicrosoftRequests => Volatile.Read(ref _microsoftRequests);

        public HttpClient GetHttpClient() => _client;

        public void Dispose() => _client.Dispose();

        private sealed class MicrosoftAnswersInvalidInstance(InternetLikeMsalHttpClientFactory owner) : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (!Core.Auth.Msal.MicrosoftCloudHosts.IsMicrosoftAuthority(request.RequestUri!.GetLeftPart(UriPartial.Authority)))
                {
                    return base.SendAsync(request, cancellationToken);
                }

                Interlocked.Increment(ref owner._microsoftRequests);
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadRequest)
                {
                    Content = new StringContent(
                        """{"error":"invalid_instance","error_description":"AADSTS50049: Unknown or invalid instance.","error_codes":[50049]}""",
                        Encoding.UTF8, "application/json"),
                });
            }
        }
    }
}
