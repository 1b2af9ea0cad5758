using AckPoller.EntraStandIn.Hosting;
using Microsoft.Identity.Client;

namespace AckPoller.TestSupport;

/// <summary>The only thing tests change in production wiring: MSAL's HTTP client reaches the local Entra stand-in
/// (login.microsoftonline.com is rerouted to it, its CA trusted).</summary>
internal sealed class StandInMsalHttpClientFactory(EntraStandInHost standIn) : IMsalHttpClientFactory, IDisposable
{
    private readonly HttpClient _client = new(standIn.CreateHttpMessageHandler()) { Timeout = Timeout.InfiniteTimeSpan };

    public HttpClient GetHttpClient() => _client;

    public void Dispose() => _client.Dispose();
}
