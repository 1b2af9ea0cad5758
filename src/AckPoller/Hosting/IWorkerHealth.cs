namespace AckPoller.Hosting;

/// <summary>Whether the running worker can do its job right now: the systemd watchdog pings only while this says
/// healthy, so a worker whose scheduler stopped or whose store cannot be written is restarted by the service manager.</summary>
public interface IWorkerHealth
{
    Task<WorkerHealthStatus> CheckAsync(CancellationToken cancellationToken);
}

/// <param name="Problem">Null when healthy; otherwise what is wrong, e.g. "store: not writable (…)".</param>
public sealed record WorkerHealthStatus(string? Problem)
{
    public static WorkerHealthStatus Healthy { get; } = new((string?)null);

    public bool IsHealthy => Problem is null;
}
