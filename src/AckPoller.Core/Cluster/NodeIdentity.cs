namespace AckPoller.Core.Cluster;

/// <summary>This `ackpoller run` process as a cluster node: the id it registers under (host-pid-random, at most
/// <see cref="MaxIdLength"/> characters so "ackpoller-node:" + id fits PostgreSQL's 63-character application_name).</summary>
public sealed class NodeIdentity
{
    public const int MaxIdLength = 48;

    /// <summary>A node whose last heartbeat is older than this is lost: not shown alive, given no IDLE accounts.</summary>
    public static readonly TimeSpan LostAfter = TimeSpan.FromSeconds(20);

    public NodeIdentity(string id, string host)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        Id = id;
        Host = host;
    }

    public string Id { get; }

    public string Host { get; }

    public static NodeIdentity ForThisProcess()
    {
        var host = Environment.MachineName;
        var suffix = $"-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
        var prefix = host.Length + suffix.Length > MaxIdLength ? host[..(MaxIdLength - suffix.Length)] : host;
        return new NodeIdentity(prefix + suffix, host);
    }
}
