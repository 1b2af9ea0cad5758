using AckPoller.Core.Cluster;
using AckPoller.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Cluster;

/// <summary>The coordinator against an in-memory stand-in for PostgreSQL's session advisory locks (a lock belongs to a
/// session and vanishes with it) and a node registry, on a manual clock; ticks are driven by the test.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class IdleOwnershipCoordinatorTests : IAsyncDisposable
{
    private static readonly string[] Accounts = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"];
    private readonly ManualTimeProvider _time = new();
    private readonly FakeLockDatabase _database = new();
    private readonly FakeRegistry _registry = new();
    private readonly List<Node> _nodes = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.Coordinator.StopAsync();
        }
    }

    [Fact]
    public async Task A_lone_node_takes_every_account_and_starts_each_listener_only_while_holding_its_lock()
    {
        var a = Join("node-a");

        await a.TickAsync();

        Assert.Equal(Accounts.Order(), a.Coordinator.Owned.Order());
        Assert.Equal(Accounts.Order(), _database.Listening("node-a").Order());
        Assert.All(Accounts, account => Assert.Equal("node-a", _database.HolderOf(account)));
        Assert.Empty(_database.Violations);
    }

    [Fact]
    public async Task A_joining_node_gets_its_rendezvous_share_released_by_the_other_listener_first_then_lock()
    {
        var a = Join("node-a");
        await a.TickAsync();
        var b = Join("node-b");

        await b.TickAsync(); // b's assigned accounts are still held by a: it retries
        Assert.Empty(b.Coordinator.Owned);
        await a.TickAsync(); // a sees b (heartbeat + lock session) and releases b's share
        await b.TickAsync();

        var expected = Accounts.Where(x => RendezvousAssignment.OwnerOf(x, ["node-a", "node-b"]) == "node-b").Order().ToList();
        Assert.NotEmpty(expected);
        Assert.NotEqual(Accounts.Length, expected.Count);
        Assert.Equal(expected, b.Coordinator.Owned.Order());
        Assert.Equal(Accounts.Except(expected).Order(), a.Coordinator.Owned.Order());
        Assert.Equal(expected, _database.Listening("node-b").Order());
        Assert.Equal(Accounts.Except(expected).Order(), _database.Listening("node-a").Order());
        Assert.Empty(_database.Violations); // no unlock while the listener ran, no listener without the lock
    }

    [Fact]
    public async Task When_a_node_dies_its_session_ends_and_the_others_take_its_accounts_at_the_next_tick()
    {
        var a = Join("node-a");
        var b = Join("node-b");
        await a.TickAsync();
        await b.TickAsync();
        await a.TickAsync();
        await b.TickAsync();
        Assert.NotEmpty(b.Coordinator.Owned);

        _database.Kill("node-b"); // kill -9: the server ends the session, its locks go with it; the heartbeat is still fresh
        await a.TickAsync();

        Assert.Equal(Accounts.Order(), a.Coordinator.Owned.Order());
        Assert.All(Accounts, account => Assert.Equal("node-a", _database.HolderOf(account)));
    }

    [Fact]
    public async Task A_broken_connection_stops_every_listener_and_reconnects_with_backoff_then_takes_the_accounts_again()
    {
        var a = Join("node-a");
        await a.TickAsync();

        _database.Kill("node-a");
        await a.TickAsync();

        Assert.Empty(a.Coordinator.Owned);
        Assert.Empty(_database.Listening("node-a"));
        Assert.False(a.Coordinator.Connected);

        await a.TickAsync(); // before the backoff delay: no attempt
        Assert.Equal(1, _database.Connects("node-a"));

        _time.Advance(IdleOwnershipCoordinator.ReconnectBaseDelay);
        await a.TickAsync();
        Assert.Equal(2, _database.Connects("node-a"));
        Assert.Equal(Accounts.Order(), a.Coordinator.Owned.Order());
        Assert.Equal(Accounts.Order(), _database.Listening("node-a").Order());
        Assert.Empty(_database.Violations);
    }

    [Fact]
    public async Task A_database_that_cannot_be_reached_is_retried_with_growing_delays_and_no_listener_runs_meanwhile()
    {
        _database.Refuse = true;
        var a = Join("node-a");

        await a.TickAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        await a.TickAsync(); // second attempt after ≤ 1 s
        _time.Advance(TimeSpan.FromSeconds(0.9));
        await a.TickAsync(); // the third waits 1–2 s: not yet

        Assert.Equal(2, _database.Attempts);
        Assert.Empty(_database.Listening("node-a"));

        _database.Refuse = false;
        _time.Advance(TimeSpan.FromSeconds(2));
        await a.TickAsync();
        Assert.Equal(Accounts.Length, _database.Listening("node-a").Count);
    }

    [Fact]
    public async Task An_account_assigned_to_a_node_that_does_not_take_it_is_taken_by_another_after_the_grace()
    {
        var a = Join("node-a");
        // node-b is registered, beating and has a lock session, but never takes anything (e.g. stuck).
        await _database.ConnectAsync("node-b");
        _registry.Beat("node-b", _time.GetUtcNow());
        var bs = Accounts.Where(x => RendezvousAssignment.OwnerOf(x, ["node-a", "node-b"]) == "node-b").ToList();
        Assert.NotEmpty(bs);

        await a.TickAsync();
        Assert.Equal(Accounts.Except(bs).Order(), a.Coordinator.Owned.Order());
        _time.Advance(IdleOwnershipCoordinator.UnownedGrace - TimeSpan.FromSeconds(1));
        await a.TickAsync();
        Assert.Equal(Accounts.Length - bs.Count, a.Coordinator.Owned.Count);

        _time.Advance(TimeSpan.FromSeconds(1));
        await a.TickAsync();
        Assert.Equal(Accounts.Order(), a.Coordinator.Owned.Order());
    }

    [Fact]
    public async Task A_node_whose_heartbeat_is_old_is_given_nothing()
    {
        var a = Join("node-a");
        await _database.ConnectAsync("node-b");
        _registry.Beat("node-b", _time.GetUtcNow() - NodeIdentity.LostAfter - TimeSpan.FromSeconds(1));

        await a.TickAsync();

        Assert.Equal(Accounts.Order(), a.Coordinator.Owned.Order());
        Assert.Equal(["node-a"], a.Coordinator.LiveNodes);
    }

    [Fact]
    public async Task Stopping_ends_every_listener_and_the_session_so_the_locks_are_free()
    {
        var a = Join("node-a");
        await a.TickAsync();

        await a.Coordinator.StopAsync();

        Assert.Empty(_database.Listening("node-a"));
        Assert.All(Accounts, account => Assert.Null(_database.HolderOf(account)));
    }

    private Node Join(string id)
    {
        _registry.Beat(id, _time.GetUtcNow());
        var coordinator = new IdleOwnershipCoordinator(id, new FakeConnector(_database), _registry, _time, NullLogger.Instance, () => 1.0);
        var node = new Node(coordinator);
        coordinator.Start(Accounts, (account, token) => _database.ListenAsync(id, account, token), CancellationToken.None);
        _nodes.Add(node);
        return node;
    }

    private sealed record Node(IdleOwnershipCoordinator Coordinator)
    {
        public Task TickAsync() => Coordinator.TickAsync(CancellationToken.None);
    }

    private sealed class FakeConnector(FakeLockDatabase database) : IIdleLockConnector
    {
        public Task<IIdleLockSession> ConnectAsync(string nodeId, CancellationToken cancellationToken) => database.ConnectAsync(nodeId);
    }

    private sealed class FakeRegistry : INodeRegistry
    {
        private readonly Dictionary<string, ClusterNode> _nodes = [];

        public void Beat(string id, DateTimeOffset at) => _nodes[id] = new ClusterNode(id, "host", "1.0", at, at);

        public Task RegisterAsync(ClusterNode node, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task HeartbeatAsync(ClusterNode node, DateTimeOffset at, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task LeaveAsync(string id, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<ClusterNode>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ClusterNode>>(_nodes.Values.ToList());
    }

    /// <summary>Session-level advisory locks as PostgreSQL keeps them: held by a session, gone with it.</summary>
    private sealed class FakeLockDatabase
    {
        private readonly Dictionary<int, FakeSession> _locks = [];
        private readonly List<FakeSession> _sessions = [];
        private readonly Dictionary<string, HashSet<string>> _listening = [];
        private readonly Dictionary<string, int> _connects = [];

        public bool Refuse { get; set; }

        public int Attempts { get; private set; }

        public List<string> Violations { get; } = [];

        public Task<IIdleLockSession> ConnectAsync(string node)
        {
            Attempts++;
            if (Refuse)
            {
                throw new IOException("connection refused");
            }

            _connects[node] = Connects(node) + 1;
            var session = new FakeSession(this, node);
            _sessions.Add(session);
            return Task.FromResult<IIdleLockSession>(session);
        }

        public int Connects(string node) => _connects.GetValueOrDefault(node);

        public string? HolderOf(string account) => _locks.TryGetValue(IdleLockKey.ObjectId(account), out var s) ? s.Node : null;

        public List<string> Listening(string node) => _listening.TryGetValue(node, out var set) ? set.ToList() : [];

        /// <summary>The server ends the node's session (its process died or its connection broke).</summary>
        public void Kill(string node)
        {
            foreach (var session in _sessions.Where(s => s.Node == node).ToList())
            {
                session.Broken = true;
                End(session);
            }
        }

        public async Task ListenAsync(string node, string account, CancellationToken cancellationToken)
        {
            if (HolderOf(account) != node)
            {
                Violations.Add($"{node} started {account} without its lock");
            }

            if (!(_listening.TryGetValue(node, out var set) ? set : _listening[node] = []).Add(account))
            {
                Violations.Add($"{node} started {account} twice");
            }

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                set = _listening[node];
                set.Remove(account);
            }
        }

        public void End(FakeSession session)
        {
            _sessions.Remove(session);
            foreach (var key in _locks.Where(l => l.Value == session).Select(l => l.Key).ToList())
            {
                _locks.Remove(key);
            }
        }

        public sealed class FakeSession(FakeLockDatabase database, string node) : IIdleLockSession
        {
            public string Node { get; } = node;

            public bool Broken { get; set; }

            public Task<bool> TryLockAsync(int key, CancellationToken cancellationToken)
            {
                Check();
                if (database._locks.TryGetValue(key, out var holder))
                {
                    return Task.FromResult(holder == this);
                }

                database._locks[key] = this;
                return Task.FromResult(true);
            }

            public Task UnlockAsync(int key, CancellationToken cancellationToken)
            {
                Check();
                var account = Accounts.Single(a => IdleLockKey.ObjectId(a) == key);
                if (database.Listening(Node).Contains(account))
                {
                    database.Violations.Add($"{Node} unlocked {account} while its listener ran");
                }

                if (database._locks.TryGetValue(key, out var holder) && holder == this)
                {
                    database._locks.Remove(key);
                }

                return Task.CompletedTask;
            }

            public Task<IdleLockSnapshot> SnapshotAsync(CancellationToken cancellationToken)
            {
                Check();
                var holders = database._locks.ToDictionary(l => l.Key, l => new IdleLockHolder(l.Value.Node, l.Value == this));
                return Task.FromResult(new IdleLockSnapshot(holders, database._sessions.Select(s => s.Node).ToHashSet()));
            }

            public ValueTask DisposeAsync()
            {
                database.End(this);
                return ValueTask.CompletedTask;
            }

            private void Check()
            {
                if (Broken)
                {
                    throw new IOException("the connection is broken");
                }
            }
        }
    }
}
