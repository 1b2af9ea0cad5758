using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Integrations.Alertmanager;
using AckPoller.Core.Reporting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AckPoller.Web;

/// <summary>GET /api/alerts?state=&amp;since=&amp;limit= → <c>{ "alerts": [ … ] }</c> newest first;
/// GET /api/alerts/{ref} → <c>{ "alert": …, "log": [ … ] }</c>, the log oldest first (404 when unknown);
/// POST /api/alerts raises or registers an alert (see <see cref="AlertPostBody"/>) → 201 with Location.</summary>
internal static class AlertEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/alerts", ListAsync);
        app.MapGet("/api/alerts/{reference}", GetAsync);
        app.MapPost("/api/alerts", AlertPost.HandleAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext context, IAlertStore alerts, TimeProvider time)
    {
        var query = context.Request.Query;
        AlertState? state = null;
        if (AckLogFilter.Value(query, "state") is { } stateText)
        {
            if (!FilterValue.TryEnum<AlertState>(stateText, out var parsed, out var message))
            {
                return WebProblem.BadParameter("state", message);
            }

            state = parsed;
        }

        DateTimeOffset? since = null;
        if (AckLogFilter.Value(query, "since") is { } sinceText)
        {
            if (!TimeArgument.TryParse(sinceText, time.GetUtcNow(), out var parsed, out var message))
            {
                return WebProblem.BadParameter("since", message);
            }

            since = parsed;
        }

        var limit = DefaultLimit;
        if (AckLogFilter.Value(query, "limit") is { } limitText && !AckLogFilter.TryParseLimit(limitText, MaxLimit, out limit))
        {
            return WebProblem.BadParameter("limit", $"expected a whole number from 1 to {MaxLimit}.");
        }

        var list = await alerts.ListAsync(state, since, limit, context.RequestAborted);
        return Results.Json(new AlertListBody(list), ReportJson.Compact);
    }

    private static async Task<IResult> GetAsync(string reference, HttpContext context, IAlertStore alerts, IAckLogStore log, IExternalSilenceStore silences, AckPollerOptions options)
    {
        if (!FilterValue.TryReference(reference, out var parsed, out var message))
        {
            return WebProblem.BadParameter("ref", message);
        }

        var details = await AlertDetails.LoadAsync(alerts, log, parsed, context.RequestAborted);
        if (details is not null)
        {
            details = await details.WithSilenceAsync(silences, options.Integrations.Alertmanager.Url, context.RequestAborted);
        }

        return details is null ? WebProblem.NotFound($"No alert {parsed}.") : Results.Json(details, ReportJson.Compact);
    }

    private sealed record AlertListBody(IReadOnlyList<Alert> Alerts);
}
