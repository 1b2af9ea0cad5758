using System.Diagnostics;

namespace AckPoller.NodeHarness;

/// <summary>N node slots (<see cref="AckPollerNode"/>) started from one launch: the same configuration and environment, so
/// they share its store. Owns its folder (the configuration, the TokenCache key, node-N.log files with
/// <c>logFiles</c>) and removes it when disposed, after killing every node.</summary>
/// <param name="folder">The run's folder (see <see cref="NodeConfig.NewFolder"/>); removed on dispose unless <see cref="KeepFolder"/>.</param>
/// <param name="launch">How every node is started.</param>
/// <param name="log">Told when a node starts or is killed.</param>
/// <param name="onLine">Called with every output line of every node.</param>
/// <param name="logFiles">Also write each node's output to node-&lt;index&gt;.log in <paramref name="folder"/>.</param>
internal sealed class AckPollerCluster(string folder, NodeLaunch launch, Action<string>? log = null, Action<AckPollerNode, string>? onLine = null, bool logFiles = false)
    : IAsyncDisposable
{
    private readonly List<AckPollerNode> _nodes = [];

    public string Folder { get; } = folder;

    public NodeLaunch Launch { get; } = launch;

    /// <summary>Leave the folder (logs, configuration) in place on dispose.</summary>
    public bool KeepFolder { get; init; }

    /// <summary>Every slot, in start order (index 0 first), killed ones included.</summary>
    public IReadOnlyList<AckPollerNode> Nodes => _nodes;

    /// <summary>Starts one more node.</summary>
    public AckPollerNode StartNode()
    {
        var index = _nodes.Count;
        var node = new AckPollerNode(Launch, index, onLine, logFiles ? Path.Combine(Folder, $"node-{index}.log") : null);
        _nodes.Add(node);
        Start(node);
        return node;
    }

    /// <summary>Starts a killed node again (a new process, so a new node id).</summary>
    public void Start(AckPollerNode node)
    {
        node.Start();
        log?.Invoke($"node {node.Index} started (pid {node.Pid})");
    }

    /// <summary>kill -9 of <paramref name="node"/> (see <see cref="AckPollerNode.KillAsync"/>); returns the moment just before the signal.</summary>
    public async Task<DateTimeOffset> KillAsync(AckPollerNode node)
    {
        var at = await node.KillAsync();
        log?.Invoke($"node {node.Index} killed (pid {node.Pid}, {node.LastNodeId ?? "unregistered"})");
        return at;
    }

    /// <summary>The running node whose node id is <paramref name="nodeId"/> (null when none of ours).</summary>
    public AckPollerNode? NodeById(string nodeId) => _nodes.FirstOrDefault(n => n.IsRunning && (n.NodeId == nodeId || n.Owns(nodeId)));

    /// <summary>Throws with the node's output when a node ended on its own (a crash the test did not cause).</summary>
    public void ThrowIfANodeDied() => ThrowIfANodeDied(_nodes, "nothing in particular");

    public string Tails() => Tails(_nodes);

    /// <summary>Polls <paramref name="condition"/> every <paramref name="every"/> (default 100 ms) until true; throws when a
    /// node dies by itself, and after <paramref name="timeout"/>, with the nodes' output.</summary>
    public Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? every = null) =>
        WaitUntilAsync(_nodes, condition, timeout, what, every);

    /// <summary>Polls <paramref name="condition"/> until true (a harness observes other processes, so it polls; it never
    /// sleeps for correctness); throws when one of <paramref name="nodes"/> dies by itself, and after <paramref name="timeout"/>.</summary>
    internal static async Task WaitUntilAsync(IReadOnlyList<AckPollerNode> nodes, Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? every)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            ThrowIfANodeDied(nodes, what);
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for {what}.\n{Tails(nodes)}");
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100));
        }
    }

    private static void ThrowIfANodeDied(IReadOnlyList<AckPollerNode> nodes, string waitingFor)
    {
        foreach (var node in nodes)
        {
            node.ThrowIfExited(waitingFor);
        }
    }

    private static string Tails(IReadOnlyList<AckPollerNode> nodes) => string.Join("\n", nodes.Select(n => $"--- node {n.Index} ---\n{n.Tail()}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        if (!KeepFolder)
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
