using AckPoller.Cli;
using AckPoller.Core.Reporting;
using AckPoller.Core.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AckPoller.Web;

/// <summary>GET /api/webhooks/deliveries?state=&amp;webhook=&amp;limit= → <c>{"deliveries": [...]}</c>, newest first, as
/// `ackpoller webhooks list --format json` prints them.</summary>
internal static class WebhookEndpoints
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/api/webhooks/deliveries", ListAsync);

    private static async Task<IResult> ListAsync(HttpContext context, IWebhookDeliveryStore store)
    {
        var query = context.Request.Query;
        WebhookDeliveryState? state = null;
        if (AckLogFilter.Value(query, "state") is { } stateText)
        {
            if (!FilterValue.TryEnum<WebhookDeliveryState>(stateText, out var parsed, out var message))
            {
                return WebProblem.BadParameter("state", message);
            }

            state = parsed;
        }

        var limit = WebhooksCommand.DefaultLimit;
        if (AckLogFilter.Value(query, "limit") is { } limitText && !AckLogFilter.TryParseLimit(limitText, WebhooksCommand.MaxLimit, out limit))
        {
            return WebProblem.BadParameter("limit", $"expected a whole number from 1 to {WebhooksCommand.MaxLimit}.");
        }

        var deliveries = await store.ListAsync(state, AckLogFilter.Value(query, "webhook"), limit, context.RequestAborted);
        return Results.Json(new { deliveries = deliveries.Select(WebhooksCommand.Summary) }, ReportJson.Compact);
    }
}
