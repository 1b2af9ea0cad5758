using System.Text.Json;
using AckPoller.Core.Cluster;
using AckPoller.Integration.Tests.Cli;
using AckPoller.Integration.Tests.Storage;
using Xunit.Abstractions;

namespace AckPoller.Integration.Tests.Cluster;

/// <summary>Two, then three real `ackpoller run` nodes on one PostgreSQL database and the sandbox mail servers, with 8
/// IMAP IDLE accounts, one polled IMAP account and one POP3 account: every account's reply is acknowledged; every IDLE
/// account is watched by exactly one node, checked in pg_locks every 250 ms for the whole test; once settled every IDLE
/// account is held, by the node rendezvous hashing gives it, so the accounts spread over the nodes and a third node
/// takes its share.</summary>
[Collection(PostgresCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class MultiNodeTests(PostgresServer server, ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan AckWithin = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_then_three_nodes_split_the_idle_accounts_hold_each_exactly_once_and_acknowledge_every_account()
    {
        await using var harness = await IdleNodesHarness.CreateAsync(server, idleCount: 8);
        await using var monitor = harness.StartMonitor();
        var watched = System.Diagnostics.Stopwatch.StartNew();

        var first = harness.StartNode();
        harness.StartNode();
        var two = await harness.WaitSettledAsync(2, Settle);
        monitor.RequireAllHeld = true;
        output.WriteLine("2 nodes: " + two);
        // Spread: each node holds exactly what rendezvous hashing gives it over the live nodes (node ids are random, so
        // "both nodes hold something" would fail in about 1 run in 128 when all 8 hash to one node).
        Assert.Equal(ExpectedOwners(harness, two), two.Held.Select(h => h.Node).Distinct().Order());

        var firstRound = new List<string>();
        foreach (var account in harness.Mailboxes.Keys)
        {
            firstRound.Add(await harness.SendReplyAsync(account));
        }

        await harness.WaitForAppliedAsync(firstRound, AckWithin);

        monitor.RequireAllHeld = false; // a joining node's share is released before it is taken
        harness.StartNode();
        var three = await harness.WaitSettledAsync(3, Settle);
        monitor.RequireAllHeld = true;
        output.WriteLine("3 nodes: " + three);
        Assert.Equal(ExpectedOwners(harness, three), three.Held.Select(h => h.Node).Distinct().Order());
        var moved = harness.IdleAccounts.Count(a => two.OwnerOf(a) != three.OwnerOf(a));
        Assert.True(moved < harness.IdleCount, $"every IDLE account moved when the third node joined: {two} → {three}");
        Assert.All(harness.IdleAccounts.Where(a => two.OwnerOf(a) != three.OwnerOf(a)), a => Assert.DoesNotContain(three.OwnerOf(a), two.Sessions));

        var secondRound = new List<string>();
        foreach (var account in harness.Mailboxes.Keys)
        {
            secondRound.Add(await harness.SendReplyAsync(account));
        }

        await harness.WaitForAppliedAsync(secondRound, AckWithin);
        var applied = await harness.AppliedAsync();
        Assert.Equal(harness.Mailboxes.Keys.Order(), firstRound.Concat(secondRound).Select(id => applied[id].Account).Distinct().Order());

        // ackpoller cluster shows the same ownership as pg_locks.
        Environment.SetEnvironmentVariable(IdleNodesHarness.DbPasswordVariable, server.Password);
        Environment.SetEnvironmentVariable(IdleNodesHarness.MailPasswordVariable, harness.Settings.Password);
        try
        {
            var listed = await CliRun.RunAsync("cluster", "--format", "json", "--config", harness.Config);
            Assert.True(listed.Exit == 0, listed.ToString());
            var now = await harness.ReadLocksAsync();
            using var json = JsonDocument.Parse(listed.Output);
            var nodes = json.RootElement.GetProperty("nodes").EnumerateArray().ToList();
            Assert.Equal(3, nodes.Count(n => n.GetProperty("state").GetString() == ClusterNodeView.Alive));
            foreach (var node in nodes)
            {
                var id = node.GetProperty("id").GetString()!;
                Assert.Equal(now.Held.Where(h => h.Node == id).Select(h => h.Account).Order(StringComparer.Ordinal),
                    node.GetProperty("idle_accounts").EnumerateArray().Select(a => a.GetString()!));
            }

            Assert.Empty(json.RootElement.GetProperty("unowned_idle_accounts").EnumerateArray());

            var table = await CliRun.RunAsync("cluster", "--config", harness.Config);
            Assert.True(table.Exit == 0, table.ToString());
            Assert.Contains("IDLE ACCOUNTS", table.Output, StringComparison.Ordinal);
            Assert.Contains(string.Join(", ", now.Held.Where(h => h.Node == now.Held[0].Node).Select(h => h.Account).Order(StringComparer.Ordinal)), table.Output, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(IdleNodesHarness.DbPasswordVariable, null);
            Environment.SetEnvironmentVariable(IdleNodesHarness.MailPasswordVariable, null);
        }

        // GET /api/cluster and the status page's Nodes section on one of the nodes say the same.
        using (var http = new HttpClient { BaseAddress = await first.WebUrlAsync(TimeSpan.FromSeconds(30)), Timeout = TimeSpan.FromSeconds(20) })
        {
            var locks = await harness.ReadLocksAsync();
            using var api = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/cluster", UriKind.Relative)));
            var apiNodes = api.RootElement.GetProperty("nodes").EnumerateArray().ToList();
            Assert.Equal(locks.Sessions.Order(StringComparer.Ordinal), apiNodes.Where(n => n.GetProperty("state").GetString() == ClusterNodeView.Alive).Select(n => n.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
            Assert.All(apiNodes, n => Assert.Equal(locks.Held.Where(h => h.Node == n.GetProperty("id").GetString()).Select(h => h.Account).Order(StringComparer.Ordinal),
                n.GetProperty("idle_accounts").EnumerateArray().Select(a => a.GetString()!)));
            var page = await http.GetStringAsync(new Uri("/", UriKind.Relative));
            Assert.Contains("<h2>Nodes</h2>", page, StringComparison.Ordinal);
            Assert.All(locks.Sessions, id => Assert.Contains($"<tr data-node=\"{id}\" class=\"node-alive\">", page, StringComparison.Ordinal));
        }

        await monitor.DisposeAsync();
        output.WriteLine($"pg_locks samples: {monitor.Samples} in {watched.Elapsed.TotalSeconds:0.0} s");
        Assert.True(monitor.Samples >= watched.Elapsed.TotalSeconds, $"only {monitor.Samples} pg_locks samples in {watched.Elapsed}: not continuous");
        Assert.True(monitor.Violations.Count == 0, string.Join('\n', monitor.Violations) + "\n" + harness.Tail());
    }

    private static IEnumerable<string> ExpectedOwners(IdleNodesHarness harness, IdleLocks locks) =>
        harness.IdleAccounts.Select(a => RendezvousAssignment.OwnerOf(a, locks.Sessions)!).Distinct().Order();
}
