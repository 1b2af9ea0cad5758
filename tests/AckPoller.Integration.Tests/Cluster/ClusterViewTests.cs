using System.Text.Json;
using AckPoller.Core.Cluster;
using AckPoller.Core.Reporting;
using AckPoller.Core.Storage;
using AckPoller.Web;

namespace AckPoller.Integration.Tests.Cluster;

/// <summary>The cluster overview built from the registry and the lock holders (alive, lost, a lock holder the registry
/// does not know, unowned accounts), its JSON shape, and the status page's Nodes section, without a server.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ClusterViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static ClusterOverview Overview() => ClusterOverviewReader.Build(
        [
            new ClusterNode("node-a", "host-a", "1.4.0", Now.AddHours(-1), Now.AddSeconds(-3)),
            new ClusterNode("node-b", "host-b", "1.4.0", Now.AddHours(-1), Now.AddMinutes(-2)),
        ],
        new Dictionary<int, IdleLockHolder>
        {
            [IdleLockKey.ObjectId("bravo")] = new("node-a", false),
            [IdleLockKey.ObjectId("alpha")] = new("node-a", false),
            [IdleLockKey.ObjectId("charlie")] = new("node-z", false),
        },
        ["alpha", "bravo", "charlie", "delta <x>"],
        Now);

    [Fact]
    public void The_overview_lists_each_nodes_idle_accounts_marks_lost_nodes_and_names_unowned_accounts()
    {
        var overview = Overview();

        Assert.Equal(["node-a", "node-b", "node-z"], overview.Nodes.Select(n => n.Id));
        Assert.Equal([ClusterNodeView.Alive, ClusterNodeView.Lost, ClusterNodeView.Unregistered], overview.Nodes.Select(n => n.State));
        Assert.Equal(["alpha", "bravo"], overview.Nodes[0].IdleAccounts);
        Assert.Empty(overview.Nodes[1].IdleAccounts);
        Assert.Equal(["charlie"], overview.Nodes[2].IdleAccounts);
        Assert.Equal(["delta <x>"], overview.UnownedIdleAccounts);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(overview, ReportJson.Compact));
        var first = json.RootElement.GetProperty("nodes")[0];
        Assert.Equal(["id", "host", "version", "started", "last_heartbeat", "state", "idle_accounts"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal("alpha", first.GetProperty("idle_accounts")[0].GetString());
        Assert.Equal("delta <x>", json.RootElement.GetProperty("unowned_idle_accounts")[0].GetString());
    }

    [Fact]
    public void The_status_page_shows_a_nodes_section_with_lost_nodes_marked_only_when_there_is_a_cluster()
    {
        var model = new StatusPageModel { Now = Now, Accounts = [], OpenAlerts = [], Filters = new StatusPageFilters(null, null, null, null, null, null), Cluster = Overview() };

        var html = StatusPageHtml.Render(model);

        Assert.Contains("<h2>Nodes</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-node=\"node-a\" class=\"node-alive\"><td>node-a</td><td>host-a</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"ok\">alive</td><td class=\"idle-accounts\">alpha, bravo</td>", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-node=\"node-b\" class=\"node-lost\">", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"error\">lost</td><td class=\"idle-accounts\">—</td>", html, StringComparison.Ordinal);
        Assert.Contains("IDLE accounts no node owns right now: delta &lt;x&gt;", html, StringComparison.Ordinal);

        Assert.DoesNotContain("<h2>Nodes</h2>", StatusPageHtml.Render(model with { Cluster = null }), StringComparison.Ordinal);
    }
}
