using System.Reflection;
using AckPoller.Core.Cluster;
using AckPoller.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AckPoller.Hosting;

/// <summary>Registers this `ackpoller run` node in the node registry (PostgreSQL), refreshes its heartbeat every
/// <see cref="Interval"/> on its own (independent of /healthz and of the scheduler), and removes it on a clean stop. A
/// failed beat is logged and retried at the next tick; the node keeps working.</summary>
public sealed partial class NodeHeartbeat : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>A node whose last heartbeat is older than this is shown as lost.</summary>
    public static readonly TimeSpan LostAfter = NodeIdentity.LostAfter;

    private readonly INodeRegistry _registry;
    private readonly NodeIdentity _identity;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private ClusterNode? _node;

    public NodeHeartbeat(INodeRegistry registry, NodeIdentity identity, TimeProvider time, ILogger<NodeHeartbeat> logger)
    {
        _identity = identity;
        _registry = registry;
        _time = time;
        _logger = logger;
    }

    public static string CurrentVersion =>
        typeof(NodeHeartbeat).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var now = _time.GetUtcNow();
        _node = new ClusterNode(_identity.Id, _identity.Host, CurrentVersion, now, now);
        using var timer = new PeriodicTimer(Interval, _time);
        var first = true;
        do
        {
            try
            {
                if (first)
                {
                    await _registry.RegisterAsync(_node, stoppingToken);
                    LogRegistered(_node.Id);
                    first = false;
                }
                else
                {
                    await _registry.HeartbeatAsync(_node, _time.GetUtcNow(), stoppingToken);
                }
            }
            catch (Exception ex) when (ex is StoreException or System.Data.Common.DbException)
            {
                LogBeatFailed(ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_node is not null)
        {
            try
            {
                await _registry.LeaveAsync(_node.Id, cancellationToken);
            }
            catch (Exception ex) when (ex is StoreException or System.Data.Common.DbException or OperationCanceledException)
            {
                LogBeatFailed(ex.Message);
            }
        }
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Registered as cluster node {Node}")]
    private partial void LogRegistered(string node);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "Node heartbeat failed (retried in a few seconds): {Error}")]
    private partial void LogBeatFailed(string error);
}
