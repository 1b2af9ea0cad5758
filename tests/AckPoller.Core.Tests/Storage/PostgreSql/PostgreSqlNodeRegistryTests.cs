using AckPoller.Core.Cluster;
using AckPoller.Core.Storage.PostgreSql;
using AckPoller.Core.Tests.Storage.Contract;

namespace AckPoller.Core.Tests.Storage.PostgreSql;

[Collection(PostgresCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class PostgreSqlNodeRegistryTests(PostgresServer server)
{
    [Fact]
    public async Task Nodes_register_beat_leave_and_a_beat_after_removal_registers_again()
    {
        await using var store = await new PostgreSqlContractProvider(server).OpenAsync();
        var registry = new PostgreSqlNodeRegistry(store.Connections);
        var at = store.Time.GetUtcNow();
        var a = new ClusterNode("a", "host-a", "1.2.0", at, at);
        var b = new ClusterNode("b", "host-b", "1.3.0", at.AddSeconds(1), at.AddSeconds(1));

        await registry.RegisterAsync(a, default);
        await registry.RegisterAsync(b, default);
        await registry.HeartbeatAsync(a, at.AddSeconds(5), default);
        Assert.Equal([a with { HeartbeatAt = at.AddSeconds(5) }, b], await registry.ListAsync(default));

        await registry.LeaveAsync("a", default);
        Assert.Equal([b], await registry.ListAsync(default));

        await registry.HeartbeatAsync(a, at.AddSeconds(10), default);
        Assert.Equal(["a", "b"], (await registry.ListAsync(default)).Select(n => n.Id));
    }
}
