using System.Globalization;
using System.Text.Json.Nodes;

namespace AckPoller.EntraStandIn.Protocol;

/// <summary>Writes JSON answers with Entra's headers (no caching, the client's request id echoed) and error bodies.</summary>
public static class OAuthResponses
{
    public static Task WriteJsonAsync(HttpContext context, int statusCode, JsonObject body)
    {
        EchoRequestId(context);
        context.Response.StatusCode = statusCode;
        context.Response.Headers.CacheControl = "no-store, no-cache";
        context.Response.Headers.Pragma = "no-cache";
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    /// <summary>{"error", "error_description": "AADSTSnnn: ...\r\nTrace ID: ...", "error_codes", "timestamp", "trace_id",
    /// "correlation_id", "error_uri"} with Retry-After where the error has one.</summary>
    public static Task WriteErrorAsync(HttpContext context, EntraError error, DateTimeOffset now)
    {
        if (error.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        return WriteJsonAsync(context, error.StatusCode, Body(context, error, now));
    }

    public static JsonObject Body(HttpContext context, EntraError error, DateTimeOffset now)
    {
        var traceId = Guid.NewGuid().ToString();
        var correlationId = CorrelationId(context);
        var timestamp = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var body = new JsonObject
        {
            ["error"] = error.Error,
            ["error_description"] = $"{error.Summary} Trace ID: {traceId} Correlation ID: {correlationId} Timestamp: {timestamp}",
            ["error_codes"] = new JsonArray(error.Code),
            ["timestamp"] = timestamp,
            ["trace_id"] = traceId,
            ["correlation_id"] = correlationId,
            ["error_uri"] = $"{context.Request.Scheme}://{context.Request.Host}/error?code={error.Code}",
        };
        if (error.SubError is not null)
        {
            body["suberror"] = error.SubError;
        }

        return body;
    }

    public static string CorrelationId(HttpContext context) =>
        context.Request.Headers["client-request-id"] is { Count: > 0 } id && Guid.TryParse(id[0], out var guid)
            ? guid.ToString()
            : Guid.NewGuid().ToString();

    private static void EchoRequestId(HttpContext context)
    {
        if (context.Request.Headers["client-request-id"] is { Count: > 0 } id)
        {
            context.Response.Headers["client-request-id"] = id[0];
        }
    }
}
