using AckPoller.Core.Alerts;
using AckPoller.Core.Reporting;
using AckPoller.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AckPoller.Web;

/// <summary>GET /api/acks: the acknowledgement log, newest first, with the CLI's filters and keyset paging:
/// <c>{ "entries": [ …ReportJson… ], "next": "cursor" | null }</c>; pass "next" back as ?after= for the following page.
/// ?format=csv gives the same rows as `ackpoller acks --format csv` (text/csv; the next cursor in the X-Next-Cursor header).</summary>
internal static class AckLogEndpoints
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/api/acks", ListAsync);

    private static async Task<IResult> ListAsync(HttpContext context, IAckLogStore log, TimeProvider time)
    {
        var format = AckLogFilter.Value(context.Request.Query, "format") ?? "json";
        if (format is not ("json" or "csv"))
        {
            return WebProblem.BadParameter("format", "expected json or csv.");
        }

        if (!AckLogFilter.TryParse(context.Request.Query, time.GetUtcNow(), AckLogQuery.DefaultLimit, out var query, out var error))
        {
            return WebProblem.BadParameter(error.Parameter, error.Message);
        }

        var page = await log.QueryAsync(query, context.RequestAborted);
        if (format == "json")
        {
            return Results.Json(new AckLogPageBody(page.Entries, page.Next?.ToString()), ReportJson.Compact);
        }

        if (page.Next is { } next)
        {
            context.Response.Headers["X-Next-Cursor"] = next.ToString();
        }

        return Results.Stream(async stream =>
        {
            await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
            await AckLogCsv.WriteAsync(writer, page.Entries, includeHeader: true, context.RequestAborted);
        }, "text/csv; charset=utf-8", fileDownloadName: "acks.csv");
    }

    private sealed record AckLogPageBody(IReadOnlyList<AckLogEntry> Entries, string? Next);
}
