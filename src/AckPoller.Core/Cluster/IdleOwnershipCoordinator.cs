using AckPoller.Core.Jobs;
using AckPoller.Core.Resilience;
using AckPoller.Core.Storage;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Cluster;

/// <summary>IDLE ownership across nodes sharing a PostgreSQL database. Every <see cref="TickInterval"/> it:
/// <list type="number">
/// <item>opens this node's lock session if it has none (retrying with <see cref="Backoff"/>);</item>
/// <item>reads the locks and lock sessions from the database; a lock this node thinks it holds but the database does
/// not show is lost, and its listener stopped;</item>
/// <item>assigns every IDLE account by rendezvous hashing over the live nodes: registered with a heartbeat younger than
/// <see cref="NodeIdentity.LostAfter"/> and with a lock session open (this node always counts);</item>
/// <item>stops the listener of, then unlocks, every account it holds that is now assigned elsewhere;</item>
/// <item>takes the lock of every assigned account that nobody holds, and of any account nobody has held for
/// <see cref="UnownedGrace"/> (so an account is watched even when its assigned node cannot take it), starting the
/// listener only once the lock is held.</item>
/// </list>
/// When the session breaks every listener is stopped (the database has dropped the locks with the session) and the
/// session is reopened with backoff.</summary>
internal sealed class IdleOwnershipCoordinator : IIdleOwnership, IAsyncDisposable
{
    public static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long an account may be held by nobody before any node takes it, assigned or not.</summary>
    public static readonly TimeSpan UnownedGrace = TimeSpan.FromSeconds(3);

    public static readonly TimeSpan ListenerStopTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan ReconnectBaseDelay = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan ReconnectMaxDelay = TimeSpan.FromSeconds(30);

    private readonly string _node;
    private readonly IIdleLockConnector _connector;
    private readonly INodeRegistry _registry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<double> _random;
    private readonly Dictionary<string, OwnedListener> _owned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _unownedSince = new(StringComparer.Ordinal);
    private IReadOnlyList<string> _accounts = [];
    private IReadOnlyDictionary<string, int> _keys = new Dictionary<string, int>();
    private Func<string, CancellationToken, Task> _listen = (_, _) => Task.CompletedTask;
    private CancellationToken _stopping;
    private IIdleLockSession? _session;
    private IReadOnlyList<ClusterNode> _lastRegistered = [];
    private int _connectFailures;
    private DateTimeOffset _nextConnectAt = DateTimeOffset.MinValue;

    public IdleOwnershipCoordinator(string node, IIdleLockConnector connector, INodeRegistry registry, TimeProvider time, ILogger logger, Func<double>? random = null)
    {
        _node = node;
        _connector = connector;
        _registry = registry;
        _time = time;
        _logger = logger;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>The accounts whose listener runs here now (the locks this node holds).</summary>
    public IReadOnlyCollection<string> Owned => _owned.Keys.ToList();

    /// <summary>The nodes the last tick assigned over.</summary>
    public IReadOnlyList<string> LiveNodes { get; private set; } = [];

    public bool Connected => _session is not null;

    public async Task RunAsync(IReadOnlyList<string> accounts, Func<string, CancellationToken, Task> listen, CancellationToken stoppingToken)
    {
        Start(accounts, listen, stoppingToken);
        if (accounts.Count == 0)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await TickAsync(stoppingToken);
                await Task.Delay(TickInterval, _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await StopAsync();
        }
    }

    /// <summary>Sets what <see cref="TickAsync"/> works on (RunAsync does this; tests drive the ticks themselves).</summary>
    internal void Start(IReadOnlyList<string> accounts, Func<string, CancellationToken, Task> listen, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(listen);
        _keys = IdleLockKey.ForAccounts(accounts);
        _accounts = accounts;
        _listen = listen;
        _stopping = stoppingToken;
    }

    /// <summary>One round: connect if needed, check the held locks, rebalance.</summary>
    internal async Task TickAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_session is null)
        {
            if (now < _nextConnectAt)
            {
                return;
            }

            try
            {
                _session = await _connector.ConnectAsync(_node, cancellationToken);
                _connectFailures = 0;
                IdleLog.IdleLockConnected(_logger, _node);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var delay = NextDelay(now);
                IdleLog.IdleLockConnectFailed(_logger, ex.Message, delay);
                return;
            }
        }

        try
        {
            await RebalanceAsync(_session, now, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            await LoseSessionAsync(ex.Message);
        }
    }

    private async Task RebalanceAsync(IIdleLockSession session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var snapshot = await session.SnapshotAsync(cancellationToken);
        foreach (var account in _owned.Keys.ToList())
        {
            if (!snapshot.Holders.TryGetValue(_keys[account], out var holder) || !holder.Mine)
            {
                await StopListenerAsync(account);
                IdleLog.IdleOwnershipLost(_logger, account, _node, "the database no longer shows this node's lock");
            }
        }

        var nodes = await LiveNodesAsync(snapshot, now, cancellationToken);
        LiveNodes = nodes;
        foreach (var account in _accounts)
        {
            var key = _keys[account];
            var assigned = RendezvousAssignment.OwnerOf(account, nodes);
            if (_owned.ContainsKey(account))
            {
                if (assigned != _node)
                {
                    await StopListenerAsync(account);
                    await session.UnlockAsync(key, cancellationToken);
                    IdleLog.IdleOwnershipReleased(_logger, account, _node, assigned);
                }

                continue;
            }

            if (snapshot.Holders.ContainsKey(key))
            {
                _unownedSince.Remove(account);
                continue;
            }

            if (assigned != _node)
            {
                if (!_unownedSince.TryGetValue(account, out var since))
                {
                    _unownedSince[account] = now;
                    continue;
                }

                if (now - since < UnownedGrace)
                {
                    continue;
                }
            }

            if (await session.TryLockAsync(key, cancellationToken))
            {
                _unownedSince.Remove(account);
                StartListener(account);
                IdleLog.IdleOwnershipAcquired(_logger, account, _node);
            }
        }
    }

    /// <summary>Registered nodes with a fresh heartbeat and a lock session open, and this node.</summary>
    private async Task<IReadOnlyList<string>> LiveNodesAsync(IdleLockSnapshot snapshot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            _lastRegistered = await _registry.ListAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            IdleLog.IdleNodeListFailed(_logger, ex.Message);
        }

        var nodes = _lastRegistered
            .Where(n => n.Id != _node && now - n.HeartbeatAt <= NodeIdentity.LostAfter && snapshot.SessionNodes.Contains(n.Id))
            .Select(n => n.Id)
            .Append(_node)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return nodes;
    }

    private void StartListener(string account)
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        _owned[account] = new OwnedListener(cancel, ListenAsync(account, cancel.Token));
    }

    /// <summary>The listen callback must return its task promptly (IdleListenerService's yields at once).</summary>
    private async Task ListenAsync(string account, CancellationToken cancellationToken)
    {
        try
        {
            await _listen(account, cancellationToken);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            IdleLog.IdleListenerStopped(_logger, ex, account);
        }
    }

    private async Task StopListenerAsync(string account)
    {
        if (!_owned.Remove(account, out var owned))
        {
            return;
        }

        await owned.Cancel.CancelAsync();
        try
        {
            await owned.Task.WaitAsync(ListenerStopTimeout, _time);
        }
        catch (TimeoutException)
        {
            IdleLog.IdleListenerSlowToStop(_logger, account, ListenerStopTimeout);
        }
        finally
        {
            owned.Cancel.Dispose();
        }
    }

    private async Task LoseSessionAsync(string error)
    {
        var held = _owned.Keys.ToList();
        foreach (var account in held)
        {
            await StopListenerAsync(account);
            IdleLog.IdleOwnershipLost(_logger, account, _node, "the ownership connection broke");
        }

        await CloseSessionAsync();
        var delay = NextDelay(_time.GetUtcNow());
        IdleLog.IdleLockConnectionLost(_logger, error, held.Count, delay);
    }

    private TimeSpan NextDelay(DateTimeOffset now)
    {
        _connectFailures++;
        var delay = Backoff.Delay(_connectFailures, ReconnectBaseDelay, ReconnectMaxDelay, _random());
        _nextConnectAt = now + delay;
        return delay;
    }

    private async Task CloseSessionAsync()
    {
        if (_session is null)
        {
            return;
        }

        var session = _session;
        _session = null;
        try
        {
            await session.DisposeAsync();
        }
        catch (Exception)
        {
            // A broken connection may fail to close; the database ends the session either way.
        }
    }

    /// <summary>Stops every listener, then ends the session (which releases every lock at once).</summary>
    internal async Task StopAsync()
    {
        foreach (var account in _owned.Keys.ToList())
        {
            await StopListenerAsync(account);
        }

        await CloseSessionAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed record OwnedListener(CancellationTokenSource Cancel, Task Task);
}
