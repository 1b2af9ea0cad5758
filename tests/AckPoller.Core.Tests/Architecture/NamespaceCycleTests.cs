using System.Text;
using Xunit.Abstractions;

namespace AckPoller.Core.Tests.Architecture;

// Layering of AckPoller.Core, bottom to top; a namespace uses only namespaces in lower layers (the test enforces that
// there is no cycle; the layers below are today's graph):
//   1. Configuration (options, their start-time validation and the value syntaxes it checks), Storage (what every
//      store shares: exceptions, StoreFailures, connection factory, health probe), Resilience (Backoff, ResilienceLog),
//      Telemetry, Memory (ProcessMemory: giving freed memory back to the system)
//   2. Auth
//   3. MailErrors (failure classification and the mail pipelines built on it)
//   4. Diagnostics, Outbox
//   5. Accounts, Alerts, Notifications
//   6. Replies, Jobs, Integrations, Webhooks
//   7. Processing, Cluster, Reporting
//   8. Mailboxes
//   9. Storage.Sqlite, Storage.PostgreSql, Storage.Migrations, Storage.Copy: the providers
// A feature declares the store interfaces it needs next to its types (IAlertStore in Alerts, IOutboxStore in Outbox,
// ...) and the providers implement them; likewise Jobs declares IIdleOwnership and Cluster implements it.

/// <summary>The namespaces (feature folders) of AckPoller.Core form no cycle, read from the compiled assembly's
/// metadata (signatures and method bodies), so a type used only inside a method body counts too.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class NamespaceCycleTests(ITestOutputHelper output)
{
    private const string Root = "AckPoller.Core.";

    private static NamespaceGraph Read() =>
        NamespaceGraph.Read(Path.Combine(AppContext.BaseDirectory, "AckPoller.Core.dll"), NodeOf);

    /// <summary>AckPoller.Core.Alerts.X → Alerts: a sub-namespace (Auth.Msal, Integrations.Alertmanager) belongs to its
    /// folder, except in Storage, whose providers (Storage.Sqlite, Storage.PostgreSql, Storage.Migrations, Storage.Copy)
    /// sit above the features while Storage itself (what every store shares) sits below them.</summary>
    internal static string? NodeOf(string ns)
    {
        if (!ns.StartsWith(Root, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = ns[Root.Length..].Split('.');
        return parts[0] == "Storage" && parts.Length > 1 ? $"{parts[0]}.{parts[1]}" : parts[0];
    }

    [Fact]
    public void The_graph_sees_dependencies_in_signatures_and_method_bodies()
    {
        var graph = Read();
        foreach (var (from, to) in graph.Edges.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{from} -> {string.Join(", ", to.Keys.Order(StringComparer.Ordinal))}");
        }

        output.WriteLine($"{graph.EdgeCount} edges");
        Assert.Contains("Alerts", graph.Successors("Storage.Sqlite"));
        Assert.True(graph.EdgeCount > 20, $"only {graph.EdgeCount} edges: the reader misses dependencies");
    }

    [Fact]
    public void Core_namespaces_form_no_cycle()
    {
        var graph = Read();
        var cycles = graph.Cycles();
        var message = new StringBuilder();
        foreach (var component in cycles)
        {
            message.AppendLine($"Cycle among {string.Join(", ", component)}:");
            var shown = new HashSet<(string, string)>();
            foreach (var node in component)
            {
                var cycle = graph.ShortestCycle(node, component);
                var steps = cycle.Zip(cycle.Skip(1)).ToList();
                if (steps.All(shown.Contains))
                {
                    continue;
                }

                message.AppendLine("  " + string.Join(" -> ", cycle));
                foreach (var (from, to) in steps)
                {
                    if (shown.Add((from, to)))
                    {
                        message.AppendLine($"    {from} -> {to} via {graph.Edges[from][to]}");
                    }
                }
            }
        }

        Assert.True(cycles.Count == 0, message.ToString());
    }
}
