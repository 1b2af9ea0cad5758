using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AckPoller.Telemetry;

/// <summary>GET /metrics: the Prometheus text exposition of the "AckPoller" and "System.Runtime" meters. Access follows
/// the API's rules (open on loopback; the API key, or the scrape token, where a key is required: see WebAccess). The
/// store-backed gauges are read right before each scrape.</summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase) && HttpMethods.IsGet(context.Request.Method))
            {
                await context.RequestServices.GetRequiredService<TelemetrySnapshotReader>().RefreshAsync(context.RequestAborted);
            }

            await next(context);
        });
        app.MapPrometheusScrapingEndpoint(Path);
    }
}
