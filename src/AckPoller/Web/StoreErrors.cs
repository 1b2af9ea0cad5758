using AckPoller.Core.Storage;
using AckPoller.Core.Storage.Sqlite;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AckPoller.Web;

/// <summary>Every request waits at most <see cref="MaxStoreWait"/> for the database's write lock (not
/// Storage:BusyTimeout), and a store that cannot take writes now (locked, read-only, full, unopenable) answers
/// 503 application/problem+json with Retry-After instead of an empty 500. Any other unhandled error of the API answers
/// 500 application/problem+json (details only in the log).</summary>
internal sealed class StoreErrors(ILogger<StoreErrors> logger)
{
    public static readonly TimeSpan MaxStoreWait = TimeSpan.FromSeconds(2);
    public const int RetryAfterSeconds = 5;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        using var wait = SqliteConnectionFactory.LimitBusyWait(MaxStoreWait);
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested && StoreFailures.Classify(ex) is { } reason)
        {
            WebLog.StoreCannotTakeRequest(logger, context.Request.Method, context.Request.Path, reason, ex.Message);
            context.Response.Clear();
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await WebProblem.Write(context, StatusCodes.Status503ServiceUnavailable, "Store unavailable",
                $"The database is {reason}; nothing was recorded. Retry after {RetryAfterSeconds} seconds.", parameter: null);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested
            && context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            WebLog.RequestFailed(logger, ex, context.Request.Method, context.Request.Path);
            context.Response.Clear();
            await WebProblem.Write(context, StatusCodes.Status500InternalServerError, "Internal error",
                "The request failed inside AckPoller; the log has the details.", parameter: null);
        }
    }
}
