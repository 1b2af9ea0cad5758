using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.RegularExpressions;
using AckPoller.Core.Telemetry;
using AckPoller.Integration.Tests.Docs;
using AckPoller.Telemetry;

namespace AckPoller.Integration.Tests.Telemetry;

/// <summary>deploy/: the alert rules pass `promtool check rules` and their unit tests (`promtool test rules`), and every
/// metric the Grafana dashboard and the rules query is one AckPoller exports.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed partial class DeployFilesTests
{
    private static readonly string Rules = RepositoryFiles.PathOf("deploy", "prometheus", "ackpoller-rules.yml");
    private static readonly string RuleTests = RepositoryFiles.PathOf("deploy", "prometheus", "ackpoller-rules.test.yml");
    private static readonly string Dashboard = RepositoryFiles.PathOf("deploy", "grafana", "ackpoller-dashboard.json");

    [Fact]
    public async Task The_alert_rules_pass_promtool_check_rules()
    {
        var (exit, output) = await PrometheusProcess.PromtoolAsync(null, "check", "rules", Rules);
        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS: 7 rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_alert_rules_pass_their_promtool_unit_tests()
    {
        var (exit, output) = await PrometheusProcess.PromtoolAsync(null, "test", "rules", RuleTests);
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void The_rules_cover_every_alert_the_issue_asks_for()
    {
        var text = File.ReadAllText(Rules);
        foreach (var alert in new[]
        {
            "AckPollerAccountNotAuthorized", "AckPollerNoSuccessfulPoll", "AckPollerIdleDown", "AckPollerOutboxBacklog",
            "AckPollerDeadMessages", "AckPollerAckLatencyHigh", "AckPollerScrapeAbsent",
        })
        {
            Assert.Contains($"alert: {alert}\n", text, StringComparison.Ordinal);
            Assert.Contains($"alertname: {alert}\n", File.ReadAllText(RuleTests), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_metric_the_dashboard_queries_is_exported()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Dashboard));
        var expressions = new List<string>();
        Collect(document.RootElement, expressions);
        Assert.True(expressions.Count >= 15, $"only {expressions.Count} queries found");
        AssertExported(expressions, "the dashboard");
    }

    [Fact]
    public void Every_metric_the_alert_rules_query_is_exported()
    {
        var expressions = File.ReadAllLines(Rules).Where(l => l.TrimStart().StartsWith("expr:", StringComparison.Ordinal)).ToList();
        Assert.Equal(7, expressions.Count);
        AssertExported(expressions, "the alert rules");
    }

    [Fact]
    public void The_contract_metric_names_are_exported()
    {
        var exported = ExportedSeries();
        foreach (var name in new[]
        {
            "ackpoller_replies_total", "ackpoller_ack_latency_seconds_bucket", "ackpoller_account_auth_state", "ackpoller_idle_connected",
            "ackpoller_polls_total", "ackpoller_outbox_messages", "ackpoller_outbox_oldest_due_seconds",
        })
        {
            Assert.Contains(name, exported);
        }
    }

    private static void AssertExported(IEnumerable<string> expressions, string where)
    {
        var exported = ExportedSeries();
        var queried = expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(queried);
        var missing = queried.Where(n => !exported.Contains(n)).ToList();
        Assert.True(missing.Count == 0, $"{where} queries metrics AckPoller does not export: {string.Join(", ", missing)}");
    }

    private static void Collect(JsonElement element, List<string> expressions)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        expressions.Add(property.Value.GetString()!);
                    }
                    else
                    {
                        Collect(property.Value, expressions);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, expressions);
                }

                break;
        }
    }

    /// <summary>The Prometheus series names of every instrument of the exported meters, as the OpenTelemetry Prometheus
    /// exporter writes them: dots become underscores, the unit suffix is added unless present, counters end in _total,
    /// histograms have _bucket, _sum and _count; "up" is Prometheus' own.</summary>
    private static HashSet<string> ExportedSeries()
    {
        AckPollerMetrics.EnsureRegistered();
        var names = new HashSet<string>(StringComparer.Ordinal) { "up" };
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (instrument.Meter.Name is not (AckPollerMetrics.MeterName or AckPollerTelemetry.RuntimeMeter))
            {
                return;
            }

            var name = (AckPollerTelemetry.RenameRuntimeGauges(instrument)?.Name ?? instrument.Name).Replace('.', '_');
            var unit = instrument.Unit switch { "s" => "_seconds", "By" => "_bytes", _ => string.Empty };
            if (!name.EndsWith(unit, StringComparison.Ordinal))
            {
                name += unit;
            }

            var kind = instrument.GetType().Name;
            if (kind.StartsWith("Histogram", StringComparison.Ordinal))
            {
                names.UnionWith([name + "_bucket", name + "_sum", name + "_count"]);
            }
            else if (kind.StartsWith("Counter", StringComparison.Ordinal) || kind.StartsWith("ObservableCounter", StringComparison.Ordinal))
            {
                names.Add(name.EndsWith("_total", StringComparison.Ordinal) ? name : name + "_total");
            }
            else
            {
                names.Add(name);
            }
        };
        listener.Start();
        return names;
    }

    [GeneratedRegex(@"\b(?:ackpoller|dotnet)_[a-z0-9_]+|\bup\b")]
    private static partial Regex MetricName();
}
