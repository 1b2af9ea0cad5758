using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Identity.Client;

namespace AckPoller.Core.Auth.Msal;

/// <summary>Production HttpClient for MSAL: one shared client (MSAL asks for it per request; reusing it avoids socket
/// exhaustion), system trust plus an optional extra CA bundle for TLS-inspecting proxies.</summary>
public sealed class MsalHttpClientFactory : IMsalHttpClientFactory, IDisposable
{
    private readonly HttpClient _client;

    public MsalHttpClientFactory(string? extraCaFile = null)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AllowAutoRedirect = false,
        };
        if (!string.IsNullOrWhiteSpace(extraCaFile))
        {
            var extra = new X509Certificate2Collection();
            extra.ImportFromPemFile(extraCaFile);
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => ExtraTrust.Validate(certificate, errors, extra),
            };
        }

        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public HttpClient GetHttpClient() => _client;

    public void Dispose() => _client.Dispose();
}
