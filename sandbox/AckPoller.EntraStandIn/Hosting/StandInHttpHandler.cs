using System.Security.Cryptography.X509Certificates;

namespace AckPoller.EntraStandIn.Hosting;

/// <summary>The HTTP handler a client (MSAL's IMsalHttpClientFactory) needs to talk to the stand-in: trusts its CA and
/// reroutes Entra's public hosts to it. Redirects are not followed, as MSAL expects.</summary>
public static class StandInHttpHandler
{
    public static HttpMessageHandler Create(Uri baseUrl, X509Certificate2 trustedCa) =>
        new EntraRerouteHandler(baseUrl)
        {
            InnerHandler = new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                SslOptions = { RemoteCertificateValidationCallback = CustomCaValidation.Callback(trustedCa) },
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            },
        };
}
