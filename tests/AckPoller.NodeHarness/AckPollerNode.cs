using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AckPoller.NodeHarness;

/// <summary>One node slot: a real `ackpoller run` process started from <see cref="NodeLaunch"/> (none before the first
/// <see cref="Start"/> and after <see cref="KillAsync"/>), its last output lines for failure messages, and what it
/// announced in its log: its node id ("Registered as cluster node &lt;host&gt;-&lt;pid&gt;-&lt;random&gt;", a restart is a
/// new process, so a new id) and its status page address ("Status page: http://…"). Every start uses the same launch.</summary>
internal sealed partial class AckPollerNode : IAsyncDisposable
{
    /// <summary>How many of the last output lines are kept (all starts together).</summary>
    public const int TailLines = 200;

    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Action<AckPollerNode, string>? _onLine;
    private readonly StreamWriter? _log;
    private Process? _process;
    private volatile string? _nodeId;
    private volatile string? _webUrl;

    /// <param name="launch">How every start of this slot starts the worker.</param>
    /// <param name="index">The slot's number in its cluster, for messages.</param>
    /// <param name="onLine">Called with every output line (from the output threads).</param>
    /// <param name="logFile">When given, every output line is also appended to this file.</param>
    public AckPollerNode(NodeLaunch launch, int index = 0, Action<AckPollerNode, string>? onLine = null, string? logFile = null)
    {
        Launch = launch;
        Index = index;
        _onLine = onLine;
        _log = logFile is null ? null : new StreamWriter(logFile) { AutoFlush = true };
    }

    public NodeLaunch Launch { get; }

    public int Index { get; }

    /// <summary>The OS process id of the last start (kept after a kill).</summary>
    public int? Pid { get; private set; }

    public int Starts { get; private set; }

    /// <summary>The running process's node id once it has logged its registration (null while starting or killed).</summary>
    public string? NodeId => _nodeId;

    /// <summary>The node id of the last killed process.</summary>
    public string? LastNodeId { get; private set; }

    /// <summary>A process was started and has neither been killed nor ended.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The process ended on its own (the harness did not kill it).</summary>
    public bool HasExited => _process is { HasExited: true };

    public int ExitCode => (_process ?? throw new InvalidOperationException($"node {Index} has no process")).ExitCode;

    /// <summary>Whether <paramref name="nodeId"/> (&lt;host&gt;-&lt;pid&gt;-&lt;random&gt;) is the id of this slot's last process.</summary>
    public bool Owns(string nodeId) => Pid is { } pid && IsOfProcess(nodeId, pid);

    /// <summary>Whether <paramref name="nodeId"/> (&lt;host&gt;-&lt;pid&gt;-&lt;random&gt;; the host may contain '-') names
    /// process <paramref name="pid"/>.</summary>
    public static bool IsOfProcess(string nodeId, int pid) =>
        nodeId.Split('-') is { Length: >= 3 } parts && parts[^2] == pid.ToString(CultureInfo.InvariantCulture);

    /// <summary>Starts the worker (again, after a kill).</summary>
    public void Start()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException($"node {Index} is running");
        }

        _nodeId = null;
        _webUrl = null;
        Starts++;
        _process = Launch.Start(Observe);
        Pid = _process.Id;
        Keep($"=== start {Starts} (pid {Pid}) ===");
    }

    /// <summary>kill -9 (SIGKILL: .NET's Process.Kill on Unix), then waits (bounded) until the process is gone. Returns the
    /// moment just before the signal. The signal is sent before this method first yields.</summary>
    public async Task<DateTimeOffset> KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException($"node {Index} is not running");
        var at = DateTimeOffset.UtcNow;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        LastNodeId = _nodeId;
        _nodeId = null;
        _process = null;
        process.Dispose();
        Keep("=== killed ===");
        return at;
    }

    /// <summary>The status page address the running process announced; waits (bounded) for it.</summary>
    public async Task<Uri> WebUrlAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (_webUrl is null)
        {
            ThrowIfExited("its status page address");
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"node {Index} announced no status page address within {timeout}\n{Tail()}");
            }

            await Task.Delay(50);
        }

        return new Uri(_webUrl);
    }

    /// <summary>Polls <paramref name="condition"/> every <paramref name="every"/> (default 100 ms) until true; throws when
    /// the process ends by itself, and after <paramref name="timeout"/>, with its output.</summary>
    public Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? every = null) =>
        AckPollerCluster.WaitUntilAsync([this], condition, timeout, what, every);

    /// <summary>Throws, with the node's output, when its process ended on its own (a crash the caller did not cause).</summary>
    public void ThrowIfExited(string waitingFor)
    {
        if (_process is { HasExited: true } process)
        {
            process.WaitForExit(); // the output read to its end: the last lines say why
            throw new InvalidOperationException($"node {Index} (pid {process.Id}) exited by itself with {process.ExitCode} while waiting for {waitingFor}:\n{Tail()}");
        }
    }

    /// <summary>The last <see cref="TailLines"/> output lines, with the starts and kills marked.</summary>
    public string Tail() => string.Join('\n', _lines);

    /// <summary>Called with every output line: keeps it, notes the node id and status page address, passes it on.</summary>
    internal void Observe(string line)
    {
        if (Registered().Match(line) is { Success: true } registered)
        {
            _nodeId = registered.Groups[1].Value;
        }
        else if (StatusPage().Match(line) is { Success: true } page)
        {
            _webUrl = page.Groups[1].Value;
        }

        Keep(line);
        if (_log is not null)
        {
            lock (_log)
            {
                _log.WriteLine(line);
            }
        }

        _onLine?.Invoke(this, line);
    }

    private void Keep(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > TailLines && _lines.TryDequeue(out _))
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            try
            {
                await KillAsync();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        if (_log is not null)
        {
            lock (_log)
            {
                _log.Dispose();
            }
        }
    }

    [GeneratedRegex(@"Registered as cluster node (\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex Registered();

    [GeneratedRegex(@"Status page: (https?://[^\s/]+)", RegexOptions.CultureInvariant)]
    private static partial Regex StatusPage();
}
