using System.Net;
using AckPoller.Core.Configuration;

namespace AckPoller.Web;

/// <summary>Where Kestrel listens, read from Web:Url (already validated): an IP address (0.0.0.0 and [::] mean every
/// interface), "localhost" (the loopback addresses), or another host name (every interface). Port 0 takes a free port.</summary>
internal sealed record WebListenAddress(IPAddress? Address, int Port, bool Https)
{
    public static WebListenAddress Parse(WebOptions web)
    {
        var url = new Uri(web.Url, UriKind.Absolute);
        var https = url.Scheme == Uri.UriSchemeHttps;
        var host = url.Host.Trim('[', ']');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new WebListenAddress(IPAddress.Loopback, url.Port, https);
        }

        return new WebListenAddress(IPAddress.TryParse(host, out var address) ? address : IPAddress.Any, url.Port, https);
    }
}
