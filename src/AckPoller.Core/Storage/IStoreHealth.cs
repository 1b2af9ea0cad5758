namespace AckPoller.Core.Storage;

/// <summary>Can the node record acknowledgements right now? A write probe against the store (locked, read-only or full
/// database → not writable), cached briefly so health checks, readiness endpoints and a watchdog can ask often.</summary>
public interface IStoreHealth
{
    /// <summary>Probes the store (or returns a probe younger than the cache window).</summary>
    Task<StoreWriteProbe> ProbeAsync(CancellationToken cancellationToken);

    /// <summary>The latest probe, if any, without touching the store.</summary>
    StoreWriteProbe? Last { get; }
}

/// <summary>One write probe: whether it succeeded, when, why not, and when the store last accepted a write.</summary>
public sealed record StoreWriteProbe(bool Writable, DateTimeOffset ProbedAt, string? Problem, DateTimeOffset? LastWriteAt);
