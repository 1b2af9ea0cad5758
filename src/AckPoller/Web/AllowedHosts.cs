using System.Net;
using AckPoller.Core.Configuration;

namespace AckPoller.Web;

/// <summary>The Host names a keyless (loopback) AckPoller answers to: localhost, loopback addresses, and the hosts of the
/// accounts' redirect URIs (a reverse proxy forwarding the sign-in callback keeps its public name).</summary>
internal sealed class AllowedHosts
{
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase) { "localhost" };

    public AllowedHosts(AckPollerOptions options)
    {
        foreach (var account in options.Accounts)
        {
            if (Uri.TryCreate(account.RedirectUri, UriKind.Absolute, out var redirect))
            {
                _names.Add(redirect.Host.Trim('[', ']'));
            }
        }
    }

    public bool Allows(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        var name = host.Trim('[', ']');
        return _names.Contains(name) || (IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address));
    }
}
