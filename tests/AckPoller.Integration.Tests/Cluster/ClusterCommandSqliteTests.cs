using System.Text.Json;
using AckPoller.Integration.Tests.Cli;

namespace AckPoller.Integration.Tests.Cluster;

/// <summary>`ackpoller cluster` with SQLite: one node that runs every IDLE listener itself; the JSON keeps the cluster
/// shape with both lists empty, and standard error says why.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class ClusterCommandSqliteTests : IDisposable
{
    private readonly CliFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task With_sqlite_the_json_has_empty_node_and_unowned_lists_and_stderr_explains()
    {
        var config = await _folder.PasswordConfigAsync();

        var listed = await CliRun.RunAsync("cluster", "--format", "json", "--config", config);

        Assert.True(listed.Exit == 0, listed.ToString());
        using var json = JsonDocument.Parse(listed.Output);
        Assert.Equal(["nodes", "unowned_idle_accounts"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Empty(json.RootElement.GetProperty("nodes").EnumerateArray());
        Assert.Empty(json.RootElement.GetProperty("unowned_idle_accounts").EnumerateArray());
        Assert.Contains("it runs every IDLE listener itself", listed.Error, StringComparison.Ordinal);
    }
}
