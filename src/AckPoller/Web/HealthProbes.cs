using AckPoller.Core.Outbox;
using AckPoller.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace AckPoller.Web;

/// <summary>GET /livez and GET /readyz on ASP.NET Core's health-check framework, for systemd watchdogs, Docker
/// HEALTHCHECK and orchestrators (/healthz stays as it is). Liveness: the process answers and its scheduler has not shut
/// down (restart it otherwise). Readiness: the scheduler runs and the store can be read. Both answer 200 "Healthy" or
/// 503 "Unhealthy" as plain text, open to everyone, with no details. More readiness checks join by their tag:
/// <c>services.AddHealthChecks().AddCheck&lt;T&gt;("name", tags: [HealthProbes.ReadyTag])</c>.</summary>
internal static class HealthProbes
{
    public const string LivePath = "/livez";
    public const string ReadyPath = "/readyz";
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    public static IHealthChecksBuilder AddAckPollerHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck<SchedulerAliveCheck>("scheduler-alive", tags: [LiveTag])
            .AddCheck<SchedulerRunningCheck>("scheduler", tags: [ReadyTag])
            .AddCheck<StoreReadableCheck>("store", tags: [ReadyTag]);

    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(LivePath, Options(LiveTag));
        app.MapHealthChecks(ReadyPath, Options(ReadyTag));
    }

    private static HealthCheckOptions Options(string tag) => new()
    {
        Predicate = registration => registration.Tags.Contains(tag),
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    /// <summary>Live unless the scheduler was shut down while the process goes on (nothing would ever poll again).</summary>
    internal sealed class SchedulerAliveCheck(ISchedulerFactory schedulers) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            var status = await scheduler.GetStatus(cancellationToken);
            return status == SchedulerStatus.Shutdown ? HealthCheckResult.Unhealthy("the scheduler is shut down") : HealthCheckResult.Healthy();
        }
    }

    /// <summary>Ready once the scheduler has started (after the store's migrations) and while it is not in standby.</summary>
    internal sealed class SchedulerRunningCheck(ISchedulerFactory schedulers) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            return await scheduler.GetStatus(cancellationToken) == SchedulerStatus.Running
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("the scheduler is not running");
        }
    }

    /// <summary>Ready while the store answers a read.</summary>
    internal sealed class StoreReadableCheck(IOutboxStore outbox) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await outbox.CountAsync(OutboxState.Pending, cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("the store cannot be read", ex);
            }
        }
    }
}
