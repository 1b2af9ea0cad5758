namespace AckPoller.Core.Cluster;

/// <summary>One `ackpoller run` process sharing the database with others.</summary>
public sealed record ClusterNode(string Id, string Host, string Version, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt);

/// <summary>The nodes that share the database (PostgreSQL): each registers at start, beats every few seconds, and leaves
/// when it stops; a node whose heartbeat is old is lost.</summary>
public interface INodeRegistry
{
    Task RegisterAsync(ClusterNode node, CancellationToken cancellationToken);

    /// <summary>Records a heartbeat; re-registers the node when its row is gone (e.g. removed as lost by an admin).</summary>
    Task HeartbeatAsync(ClusterNode node, DateTimeOffset at, CancellationToken cancellationToken);

    Task LeaveAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every registered node, oldest start first.</summary>
    Task<IReadOnlyList<ClusterNode>> ListAsync(CancellationToken cancellationToken);
}
