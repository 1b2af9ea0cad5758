using AckPoller.Core.Cluster;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage;
using AckPoller.Core.Storage.PostgreSql;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AckPoller.Core.Tests.Cluster;

/// <summary>The lock sessions and the ownership read against the real server: the lock is exactly
/// pg_try_advisory_lock(0x41636B50, key) on a connection named ackpoller-node:&lt;id&gt;, exclusive between sessions,
/// gone with the session; the overview reads it back from pg_locks.</summary>
[Collection(PostgresCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class PostgreSqlIdleLockTests(PostgresServer server)
{
    [Fact]
    public async Task Locks_are_exclusive_visible_in_pg_locks_under_the_documented_key_and_freed_with_the_session()
    {
        var database = await server.CreateDatabaseAsync();
        var connector = new PostgreSqlIdleLockConnector(server.ConnectionString(database));
        var key = IdleLockKey.ObjectId("café");
        Assert.True(key < 0); // an objid above 2^31 in pg_locks

        var a = await connector.ConnectAsync("node-a", default);
        await using var b = await connector.ConnectAsync("node-b", default);
        Assert.True(await a.TryLockAsync(key, default));
        Assert.False(await b.TryLockAsync(key, default));

        // What an outside observer sees (the chaos test's check).
        await using (var observer = new NpgsqlConnection(server.ConnectionString(database)))
        {
            await observer.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.classid = 1097034576 AND l.objid = @objid::bigint::oid AND l.objsubid = 2 AND l.granted
                """, observer);
            command.Parameters.AddWithValue("objid", (long)(uint)key);
            Assert.Equal("ackpoller-node:node-a", await command.ExecuteScalarAsync());
        }

        var snapshot = await b.SnapshotAsync(default);
        Assert.Equal(new IdleLockHolder("node-a", false), snapshot.Holders[key]);
        Assert.Equal(["node-a", "node-b"], snapshot.SessionNodes.Order());
        Assert.True((await a.SnapshotAsync(default)).Holders[key].Mine);

        await a.DisposeAsync(); // the session ends (the server's backend exits a moment after the close): the lock goes with it
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await b.TryLockAsync(key, default))
        {
            Assert.True(DateTime.UtcNow < deadline, "the lock outlived its session");
            await Task.Delay(20);
        }

        await b.UnlockAsync(key, default);
        Assert.Empty((await b.SnapshotAsync(default)).Holders);
    }

    [Fact]
    public async Task The_lock_connection_is_unpooled_named_for_the_node_and_asks_the_server_for_tcp_keepalives()
    {
        var database = await server.CreateDatabaseAsync();
        var text = PostgreSqlIdleLockConnector.ConnectionStringFor(server.ConnectionString(database), "node-a");
        Assert.False(new NpgsqlConnectionStringBuilder(text).Pooling);
        await using var connection = new NpgsqlConnection(text);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_setting('application_name') || ' ' || current_setting('tcp_keepalives_idle') || ' ' || current_setting('tcp_keepalives_interval') || ' ' || current_setting('tcp_keepalives_count')", connection);
        Assert.Equal("ackpoller-node:node-a 5 2 3", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Two_coordinators_split_the_accounts_and_the_overview_reads_who_holds_what_from_the_database()
    {
        var database = await server.CreateDatabaseAsync();
        await using var store = await PostgreSqlStore.OpenAsync(server.ConnectionString(database), TimeProvider.System, NullLoggerFactory.Instance, default);
        var registry = new PostgreSqlNodeRegistry(store.Connections);
        var now = TimeProvider.System.GetUtcNow();
        string[] accounts = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"];
        var listening = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        var coordinators = new List<IdleOwnershipCoordinator>();
        foreach (var node in new[] { "node-a", "node-b" })
        {
            await registry.RegisterAsync(new ClusterNode(node, "host", "1.0", now, now), default);
            var coordinator = new IdleOwnershipCoordinator(node, new PostgreSqlIdleLockConnector(server.ConnectionString(database)), registry, TimeProvider.System, NullLogger.Instance);
            coordinator.Start(accounts, async (account, token) =>
            {
                Assert.True(listening.TryAdd(account, node));
                try
                {
                    await Task.Delay(Timeout.Infinite, token);
                }
                catch (OperationCanceledException)
                {
                    listening.TryRemove(account, out _);
                }
            }, default);
            coordinators.Add(coordinator);
        }

        try
        {
            for (var round = 0; round < 3; round++)
            {
                foreach (var coordinator in coordinators)
                {
                    await coordinator.TickAsync(default);
                }
            }

            var expected = accounts.ToDictionary(a => a, a => RendezvousAssignment.OwnerOf(a, ["node-a", "node-b"]));
            Assert.Equal(expected.OrderBy(e => e.Key).Select(e => $"{e.Key}={e.Value}"), listening.OrderBy(e => e.Key).Select(e => $"{e.Key}={e.Value}"));

            var options = new AckPollerOptions { Storage = new StorageOptions { Provider = StorageProvider.PostgreSql } };
            foreach (var account in accounts.Append("polled"))
            {
                options.Accounts.Add(new MailAccountOptions { Name = account, Polling = { Idle = account != "polled" } });
            }

            options.Accounts.Add(new MailAccountOptions { Name = "nobody", Polling = { Idle = true } });
            var overview = await new ClusterOverviewReader(registry, store.Connections, options, TimeProvider.System).ReadAsync(default);
            Assert.Equal(["node-a", "node-b"], overview.Nodes.Select(n => n.Id));
            Assert.All(overview.Nodes, n => Assert.Equal(ClusterNodeView.Alive, n.State));
            Assert.Equal(expected.Where(e => e.Value == "node-a").Select(e => e.Key).Order(), overview.Nodes[0].IdleAccounts);
            Assert.Equal(expected.Where(e => e.Value == "node-b").Select(e => e.Key).Order(), overview.Nodes[1].IdleAccounts);
            Assert.Equal(["nobody"], overview.UnownedIdleAccounts);
        }
        finally
        {
            foreach (var coordinator in coordinators)
            {
                await coordinator.StopAsync();
            }
        }
    }
}
