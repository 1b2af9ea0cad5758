namespace AckPoller.EntraStandIn.Hosting;

/// <summary>Sends requests meant for Entra's public cloud hosts (login.microsoftonline.com, ...) to the stand-in,
/// so a client configured with the production authority reaches it. Other requests pass unchanged.</summary>
public sealed class EntraRerouteHandler(Uri standIn) : DelegatingHandler
{
    private static readonly string[] EntraHosts = ["login.microsoftonline.com", "login.microsoft.com", "login.windows.net", "sts.windows.net"];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && EntraHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase))
        {
            request.RequestUri = new UriBuilder(uri) { Scheme = standIn.Scheme, Host = standIn.Host, Port = standIn.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
