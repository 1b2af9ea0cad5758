using AckPoller.Core.Configuration;
using AckPoller.Core.Storage;
using Npgsql;

namespace AckPoller.Core.Cluster;

/// <summary>One node as `ackpoller cluster`, GET /api/cluster and the status page show it; IdleAccounts are the IDLE
/// accounts whose ownership lock its lock session holds right now (read from pg_locks).</summary>
internal sealed record ClusterNodeView(string Id, string Host, string Version, DateTimeOffset? Started, DateTimeOffset? LastHeartbeat, string State, IReadOnlyList<string> IdleAccounts)
{
    public const string Alive = "alive";
    public const string Lost = "lost";

    /// <summary>A session holds IDLE locks under a node id the registry does not list (its row was removed).</summary>
    public const string Unregistered = "unregistered";
}

/// <summary>{"nodes": [...], "unowned_idle_accounts": [...]}.</summary>
internal sealed record ClusterOverview(IReadOnlyList<ClusterNodeView> Nodes, IReadOnlyList<string> UnownedIdleAccounts);

/// <summary>Reads the cluster as the database sees it: the node registry (alive or lost by heartbeat) and, for IDLE
/// ownership, the granted IDLE advisory locks in pg_locks joined with the holder's application_name in
/// pg_stat_activity, so a node is shown owning an account only while its session really holds the lock.</summary>
internal sealed class ClusterOverviewReader(INodeRegistry registry, IDatabaseConnectionFactory connections, AckPollerOptions options, TimeProvider time)
{
    public async Task<ClusterOverview> ReadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nodes = await registry.ListAsync(cancellationToken);
        IReadOnlyDictionary<int, IdleLockHolder> holders;
        await using (var connection = (NpgsqlConnection)await connections.OpenAsync(cancellationToken))
        {
            holders = await PostgreSqlIdleLocks.HoldersAsync(connection, cancellationToken);
        }

        return Build(nodes, holders, IdleLockKey.IdleAccounts(options), now);
    }

    internal static ClusterOverview Build(IReadOnlyList<ClusterNode> nodes, IReadOnlyDictionary<int, IdleLockHolder> holders, IReadOnlyList<string> idleAccounts, DateTimeOffset now)
    {
        var owned = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var unowned = new List<string>();
        foreach (var account in idleAccounts)
        {
            if (holders.TryGetValue(IdleLockKey.ObjectId(account), out var holder))
            {
                (owned.TryGetValue(holder.Node, out var list) ? list : owned[holder.Node] = []).Add(account);
            }
            else
            {
                unowned.Add(account);
            }
        }

        var views = nodes.Select(n => new ClusterNodeView(n.Id, n.Host, n.Version, n.StartedAt, n.HeartbeatAt,
                now - n.HeartbeatAt > NodeIdentity.LostAfter ? ClusterNodeView.Lost : ClusterNodeView.Alive, Sorted(owned.GetValueOrDefault(n.Id))))
            .ToList();
        foreach (var (node, accounts) in owned.Where(o => !nodes.Any(n => n.Id == o.Key)).OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            views.Add(new ClusterNodeView(node, "", "", null, null, ClusterNodeView.Unregistered, Sorted(accounts)));
        }

        return new ClusterOverview(views, Sorted(unowned));
    }

    private static List<string> Sorted(List<string>? accounts) => accounts is null ? [] : accounts.Order(StringComparer.Ordinal).ToList();
}
