using System.Net;
using AckPoller.Core.Alerts;
using AckPoller.Integration.Tests.EndToEnd;

namespace AckPoller.Integration.Tests.Telemetry;

/// <summary>Runs alone: the metrics come from one static Meter, so another worker in the process would add to them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry (alone)";
}

/// <summary>Issue 14 with real components: `ackpoller run` in the sandbox, scraped every second by a private Prometheus
/// (Debian's package). After a full alert → reply → ack round trip, Prometheus' query API returns the counters and a
/// latency observation, and `promtool check metrics` accepts the exposition.</summary>
[Collection(TelemetryCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class PrometheusScrapeTests
{
    [Fact]
    public async Task Prometheus_scrapes_the_ack_round_trip_from_a_real_worker()
    {
        PrometheusProcess.RequireInstalled();
        var webPort = PrometheusProcess.FreePort();
        await using var world = await EndToEndWorld.StartAsync(ReplyChannel.ImapIdle, startWorker: false);
        world.WebJson = $$"""{ "Url": "http://127.0.0.1:{{webPort}}" }""";
        await File.WriteAllTextAsync(world.ConfigPath, world.ConfigJson());
        world.StartWorker();
        await world.WorkerServicesAsync();
        await using var prometheus = await PrometheusProcess.StartAsync(webPort);

        var alert = await world.RaiseAsync("Disk full on db01 (metrics)");
        var received = await world.WaitForAlertEmailAsync(alert);
        var reply = ReplyStyles.Compose("plain", received, world.OnCall, EndToEndWorld.OnCallName, world.Monitored, "ack on it");
        await SandboxMail.DeliverAsync(world.Harness.Settings, world.OnCall, world.Monitored, reply.Bytes);
        var log = await world.WaitForLogAsync(1);
        Assert.Equal(AckOutcome.Applied, Assert.Single(log).Outcome);
        await world.WaitForMailAsync(world.OnCall, m => m.InReplyTo.Contains(reply.MessageId), 1);

        var account = EndToEndWorld.AccountName;
        await prometheus.WaitForAsync($$"""ackpoller_replies_total{account="{{account}}"}""",
            r => r.Count == 1 && r[0].Labels["outcome"] == "applied" && r[0].Value == 1);
        await prometheus.WaitForAsync($$"""ackpoller_ack_latency_seconds_count{account="{{account}}"}""", r => r.Count == 1 && r[0].Value == 1);
        await prometheus.WaitForAsync($$"""ackpoller_ack_latency_seconds_bucket{account="{{account}}",le="+Inf"}""", r => r.Count == 1 && r[0].Value == 1);
        await prometheus.WaitForAsync($$"""ackpoller_polls_total{account="{{account}}",result="ok"}""", r => r.Count == 1 && r[0].Value >= 1);
        await prometheus.WaitForAsync($$"""ackpoller_account_auth_state{account="{{account}}",state="authorized"}""", r => r.Count == 1 && r[0].Value == 1);
        await prometheus.WaitForAsync($$"""sum(ackpoller_account_auth_state{account="{{account}}"})""", r => r.Count == 1 && r[0].Value == 1);
        await prometheus.WaitForAsync($$"""ackpoller_idle_connected{account="{{account}}"}""", r => r.Count == 1 && r[0].Value == 1);
        await prometheus.WaitForAsync("""ackpoller_outbox_sends_total{kind="confirmation",result="sent"}""", r => r.Count == 1 && r[0].Value == 1);
        await prometheus.WaitForAsync("""ackpoller_outbox_messages{state="pending"}""", r => r.Count == 1 && r[0].Value == 0);
        await prometheus.WaitForAsync("""ackpoller_outbox_oldest_due_seconds""", r => r.Count == 1 && r[0].Value == 0);
        await prometheus.WaitForAsync("""up{job="ackpoller"}""", r => r.Count == 1 && r[0].Value == 1);

        using var http = new HttpClient();
        var exposition = await http.GetStringAsync(new Uri($"http://127.0.0.1:{webPort}/metrics"));
        Assert.DoesNotContain(world.OnCall, exposition, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(world.Monitored, exposition, StringComparison.OrdinalIgnoreCase);
        var (exit, output) = await PrometheusProcess.PromtoolAsync(exposition, "check", "metrics");
        Assert.True(exit == 0, $"promtool check metrics: {output}\n{exposition}");

        using var live = await http.GetAsync(new Uri($"http://127.0.0.1:{webPort}/livez"));
        using var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{webPort}/readyz"));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (live.StatusCode, ready.StatusCode));
    }
}
