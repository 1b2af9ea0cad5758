using AckPoller.Core.Cluster;
using AckPoller.Core.Reporting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AckPoller.Web;

/// <summary>GET /api/cluster → what `ackpoller cluster --format json` shows: <c>{"nodes": [{"id", "host", "version",
/// "started", "last_heartbeat", "state" (alive|lost|unregistered), "idle_accounts": [...]}], "unowned_idle_accounts":
/// [...]}</c>, IDLE ownership read from pg_locks. With SQLite (one node, no registry) both lists are empty.</summary>
internal static class ClusterEndpoints
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/api/cluster", (Delegate)ReadAsync);

    /// <summary>The overview, or null with SQLite.</summary>
    public static async Task<ClusterOverview?> OverviewAsync(HttpContext context) =>
        context.RequestServices.GetService<ClusterOverviewReader>() is { } reader ? await reader.ReadAsync(context.RequestAborted) : null;

    private static async Task<IResult> ReadAsync(HttpContext context) =>
        Results.Json(await OverviewAsync(context) ?? new ClusterOverview([], []), ReportJson.Compact);
}
