using AckPoller.Core.Cluster;

namespace AckPoller.Core.Storage.PostgreSql;

public sealed class PostgreSqlNodeRegistry(IDatabaseConnectionFactory connections) : PostgreSqlStoreBase(connections), INodeRegistry
{
    private const string Upsert = """
        INSERT INTO cluster_nodes (id, host, version, started_at, heartbeat_at) VALUES (@id, @host, @version, @started, @heartbeat)
        ON CONFLICT (id) DO UPDATE SET host = excluded.host, version = excluded.version, started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at
        """;

    public Task RegisterAsync(ClusterNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        return ExecuteAsync(Upsert, p => Bind(p, node, node.HeartbeatAt), cancellationToken);
    }

    public Task HeartbeatAsync(ClusterNode node, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        return ExecuteAsync(Upsert, p => Bind(p, node, at), cancellationToken);
    }

    public Task LeaveAsync(string id, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM cluster_nodes WHERE id = @id", p => p.AddText("id", id), cancellationToken);

    public Task<IReadOnlyList<ClusterNode>> ListAsync(CancellationToken cancellationToken) =>
        ReadAsync(
            "SELECT id, host, version, started_at, heartbeat_at FROM cluster_nodes ORDER BY started_at, id",
            None,
            r => new ClusterNode(r.GetString(0), r.GetString(1), r.GetString(2), PostgreSqlRows.Time(r, 3), PostgreSqlRows.Time(r, 4)),
            cancellationToken);

    private static void Bind(Npgsql.NpgsqlParameterCollection p, ClusterNode node, DateTimeOffset heartbeat)
    {
        p.AddText("id", node.Id);
        p.AddText("host", node.Host);
        p.AddText("version", node.Version);
        p.AddTime("started", node.StartedAt);
        p.AddTime("heartbeat", heartbeat);
    }
}
