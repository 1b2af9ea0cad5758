using AckPoller.EntraStandIn.Hosting;
using Microsoft.Identity.Client;

namespace AckPoller.Integration.Tests.EntraStandIn;

/// <summary>The one thing production configuration changes to reach the stand-in: MSAL's HttpClient trusts the stand-in's
/// CA (and reroutes login.microsoftonline.com to it). One HttpClient per factory, as MSAL wants.</summary>
public sealed class StandInMsalHttpClientFactory(EntraStandInHost host) : IMsalHttpClientFactory, IDisposable
{
    private readonly HttpClient _client = new(host.CreateHttpMessageHandler());

    public HttpClient GetHttpClient() => _client;

    public void Dispose() => _client.Dispose();
}
