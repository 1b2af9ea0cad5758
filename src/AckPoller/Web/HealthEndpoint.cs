using AckPoller.Core.Accounts;
using AckPoller.Core.Reporting;
using AckPoller.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Quartz;

namespace AckPoller.Web;

/// <summary>GET /healthz: 200 with status healthy or degraded, 503 unhealthy (the store cannot be read, or cannot be
/// written: a write probe through <see cref="IStoreHealth"/>, so a locked, read-only or full database is not ready) (see <see cref="HealthReport"/>). Without the
/// API key (when one is configured) only <c>{ "status": … }</c>; with it (or on loopback) the checks and every account.</summary>
internal static class HealthEndpoint
{
    public const string Path = "/healthz";

    public static void Map(IEndpointRouteBuilder app) => app.MapGet(Path, CheckAsync);

    private static async Task<IResult> CheckAsync(HttpContext context, ISchedulerFactory schedulers, AccountStatusService accounts, IStoreHealth storeHealth, ILoggerFactory loggers)
    {
        var reasons = new List<string>();
        var scheduler = await SchedulerAsync(schedulers, context.RequestAborted);
        if (!scheduler.Ok)
        {
            reasons.Add("scheduler: " + scheduler.Detail);
        }

        IReadOnlyList<AccountStatus> statuses = [];
        HealthCheck store;
        try
        {
            statuses = await accounts.GetAllAsync(context.RequestAborted);
            var probe = await storeHealth.ProbeAsync(context.RequestAborted);
            store = probe.Writable
                ? new HealthCheck(true, "writable")
                : new HealthCheck(false, "not writable: " + probe.Problem + (probe.LastWriteAt is { } at ? $" (last write {at:u})" : string.Empty));
            if (!store.Ok)
            {
                reasons.Add("store: " + store.Detail);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            WebLog.HealthCheckStoreCannotRead(loggers.CreateLogger("AckPoller.Web.Health"), ex);
            store = new HealthCheck(false, "cannot be read: " + ex.GetType().Name);
            reasons.Add("store: " + store.Detail);
        }

        var unhealthy = reasons.Count > 0;
        foreach (var account in statuses)
        {
            if (account.NeedsAttention)
            {
                reasons.Add($"account {account.Name}: {Names.Of(account.AuthState)}");
            }
            else if (account.Activity?.LastPollSucceeded == false)
            {
                reasons.Add($"account {account.Name}: last poll failed");
            }
        }

        var report = new HealthReport
        {
            Status = unhealthy ? HealthReport.Unhealthy : reasons.Count > 0 ? HealthReport.Degraded : HealthReport.Healthy,
            Reasons = reasons.Count > 0 ? reasons : null,
            Store = store,
            Scheduler = scheduler,
            Accounts = statuses.Select(a => new AccountHealth(a.Name, a.AuthState, a.NeedsAttention, a.Activity?.LastPollAt, a.Activity?.LastPollSucceeded,
                a.Activity?.IdleConnected ?? false)).ToList(),
        };
        var body = WebAccess.IsGranted(context) ? report : report.Public();
        return Results.Json(body, ReportJson.Compact, statusCode: unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }

    private static async Task<HealthCheck> SchedulerAsync(ISchedulerFactory schedulers, CancellationToken cancellationToken)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            var status = await scheduler.GetStatus(cancellationToken);
            return new HealthCheck(status == SchedulerStatus.Running, Names.Of(status));
        }
        catch (SchedulerException ex)
        {
            return new HealthCheck(false, "unavailable: " + ex.Message);
        }
    }
}
