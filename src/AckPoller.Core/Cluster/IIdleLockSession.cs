namespace AckPoller.Core.Cluster;

/// <summary>This node's one dedicated database session holding its IDLE ownership locks (see <see cref="IdleLockKey"/>).
/// The locks live exactly as long as the session: the database drops them when the connection or the node dies.</summary>
internal interface IIdleLockSession : IAsyncDisposable
{
    Task<bool> TryLockAsync(int key, CancellationToken cancellationToken);

    Task UnlockAsync(int key, CancellationToken cancellationToken);

    /// <summary>What the database says now: every granted IDLE lock and the lock sessions of all nodes. Fails when the
    /// session is broken.</summary>
    Task<IdleLockSnapshot> SnapshotAsync(CancellationToken cancellationToken);
}

/// <summary>Opens a node's lock session.</summary>
internal interface IIdleLockConnector
{
    Task<IIdleLockSession> ConnectAsync(string nodeId, CancellationToken cancellationToken);
}

/// <summary>A granted IDLE lock: the node id of the session holding it (from its application_name) and whether it is this session.</summary>
internal sealed record IdleLockHolder(string Node, bool Mine);

/// <param name="Holders">Lock key → holder.</param>
/// <param name="SessionNodes">The node ids with a lock session open (they can take locks now).</param>
internal sealed record IdleLockSnapshot(IReadOnlyDictionary<int, IdleLockHolder> Holders, IReadOnlySet<string> SessionNodes);
