using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AckPoller.Web;

/// <summary>Once the host has started (Kestrel listening), publishes the bound address in <see cref="WebAddress"/> and
/// logs "Status page: http://127.0.0.1:8470/".</summary>
internal sealed class WebAddressAnnouncer(IServer server, IHostApplicationLifetime lifetime, WebAddress address, ILogger<WebAddressAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Announce);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        address.SetFailed(new InvalidOperationException("The web host stopped before it was listening."));
        return Task.CompletedTask;
    }

    private void Announce()
    {
        var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (bound is null || !Uri.TryCreate(bound, UriKind.Absolute, out var uri))
        {
            address.SetFailed(new InvalidOperationException("The web host reports no listening address."));
            return;
        }

        var everyInterface = uri.Host is "0.0.0.0" or "[::]" or "::";
        var local = new UriBuilder(uri.Scheme, everyInterface ? "127.0.0.1" : uri.Host, uri.Port, "/").Uri;
        if (everyInterface)
        {
            WebLog.StatusPageKeyed(logger, local, uri.Port);
        }
        else
        {
            WebLog.StatusPage(logger, local);
        }

        address.SetBound(local);
    }
}
