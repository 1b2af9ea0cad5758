using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Integration.Tests.EndToEnd;
using AckPoller.Integration.Tests.Telemetry;
using AckPoller.Integration.Tests.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AckPoller.Integration.Tests.Integrations;

/// <summary>The loop with a real Prometheus (Debian's 2.42), a real Alertmanager (Debian's 0.25) and the sandbox mail
/// servers: a Prometheus rule fires on a scraped gauge → Alertmanager routes it to `ackpoller run` → the alert email
/// reaches the on-call mailbox (Dovecot) → a reply "ack" goes through Postfix → AckPoller records it and creates the
/// silence → Alertmanager shows it active, matching the alert, and the alert suppressed → the gauge drops and the rule
/// stops firing → AckPoller resolves its alert (Alertmanager mutes resolved notifications of silenced alerts, so
/// AckPoller finds the end by asking Alertmanager) and expires the silence. Nothing is raised twice.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class AlertmanagerEndToEndTests
{
    [Fact]
    public async Task An_alert_from_alertmanager_is_emailed_acked_by_reply_silenced_and_resolved_when_it_ends()
    {
        var variable = "ACKPOLLER_TEST_AM_TOKEN_" + Guid.NewGuid().ToString("N")[..8];
        Environment.SetEnvironmentVariable(variable, AlertmanagerReceiverApiTests.Token);
        try
        {
            var webPort = FreePort();
            var diskFull = 1;
            await using var target = await StartTargetAsync(() => Volatile.Read(ref diskFull));
            await using var am = await PrivateAlertmanager.StartAsync(new Uri($"http://127.0.0.1:{webPort}/api/integrations/alertmanager"), AlertmanagerReceiverApiTests.Token);
            await using var web = await WebWorld.StartAsync(webJson: $$"""{ "Url": "http://127.0.0.1:{{webPort}}" }""", channel: ReplyChannel.ImapPolling,
                integrationsJson: w => AlertmanagerReceiverApiTests.IntegrationsJson(variable, w.OnCall, $$""", "Url": "{{am.BaseUri}}", "SilenceDuration": "02:00:00", "EmailWhenResolved": true """));
            // Over the last 10 s, not the last sample: on a loaded machine one scrape can time out (1 s), which made the
            // series stale, ended the alert for a second and resolved it before the reply came (a CI run saw exactly that).
            await using var prometheus = await PrometheusProcess.StartAsync(target.Port, rules: """
                groups:
                  - name: e2e
                    rules:
                      - alert: AckPollerE2EDiskFull
                        expr: max_over_time(e2e_disk_full[10s]) > 0
                        labels: { team: db, severity: critical }
                        annotations: { summary: Disk almost full on db01, runbook_url: "https://runbooks.example/disk" }
                """, alertmanagerPort: am.BaseUri.Port);
            var alert = await WaitForAsync(web, AlertState.Open, am);
            Assert.Equal("AckPollerE2EDiskFull: Disk almost full on db01", alert.Subject);
            Assert.Equal("alertmanager", alert.Source);
            var email = await web.World.WaitForAlertEmailAsync(alert);
            Assert.Contains(alert.Reference.ToString(), email.Subject, StringComparison.Ordinal);
            Assert.Contains("runbook: https://runbooks.example/disk", email.GetTextBody(), StringComparison.Ordinal);
            Assert.Contains("source: http://", email.GetTextBody(), StringComparison.Ordinal);

            // The on-call person replies "ack" from their mail client.
            var world = web.World;
            var reply = ReplyStyles.Compose("gmail", email, world.OnCall, EndToEndWorld.OnCallName, world.Monitored, "ack on it");
            await SandboxMail.DeliverAsync(world.Harness.Settings, world.OnCall, world.Monitored, reply.Bytes);
            await WaitForAsync(web, AlertState.Acknowledged, am);

            // AckPoller made the silence: active, created by the responder, matching exactly the group's labels.
            var silence = await WaitForSilenceAsync(am, "active", web);
            Assert.Equal(world.OnCall, silence.GetProperty("createdBy").GetString());
            Assert.Contains(alert.Reference.ToString(), silence.GetProperty("comment").GetString(), StringComparison.Ordinal);
            Assert.Contains("on it", silence.GetProperty("comment").GetString(), StringComparison.Ordinal);
            var matchers = silence.GetProperty("matchers").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetString()!);
            Assert.Equal("AckPollerE2EDiskFull", matchers["alertname"]);
            Assert.Equal("db", matchers["team"]);
            Assert.All(silence.GetProperty("matchers").EnumerateArray(), m => Assert.False(m.GetProperty("isRegex").GetBoolean()));
            var ends = silence.GetProperty("endsAt").GetDateTimeOffset();
            Assert.InRange(ends, DateTimeOffset.UtcNow.AddMinutes(110), DateTimeOffset.UtcNow.AddMinutes(121));
            var silenceId = silence.GetProperty("id").GetString()!;
            await WaitForSuppressedAsync(am, silenceId);
            var shown = await web.GetJsonAsync("/api/alerts/" + alert.Reference);
            Assert.Equal(silenceId, shown.GetProperty("silence").GetProperty("id").GetString());
            Assert.EndsWith("/#/silences/" + silenceId, shown.GetProperty("silence").GetProperty("link").GetString(), StringComparison.Ordinal);
            Assert.Contains($"/#/silences/{silenceId}\" rel=\"noreferrer\">{silenceId}</a>", await web.Http.GetStringAsync("/"), StringComparison.Ordinal);

            // Alertmanager repeats the group's notification every 2 s (repeat_interval) while unsilenced; the silence holds
            // them back: no notification reaches AckPoller while it lasts.
            var notified = await NotificationsAsync(am);
            await Task.Delay(TimeSpan.FromSeconds(5));
            Assert.Equal(notified, await NotificationsAsync(am));

            // The gauge drops: the rule stops firing and Prometheus tells Alertmanager the alert ended.
            Volatile.Write(ref diskFull, 0);
            var resolved = await WaitForAsync(web, AlertState.Resolved, am);
            Assert.Equal(alert.Reference, resolved.Reference);
            var log = (await world.Store.AckLog.QueryAsync(new AckLogQuery { Account = "alertmanager" }, default)).Entries.Single(e => e.Action == AckAction.Resolve);
            Assert.Equal("alertmanager", log.ActorAddress);
            Assert.Single((await web.GetJsonAsync("/api/alerts")).GetProperty("alerts").EnumerateArray());
            Assert.Equal(silenceId, (await WaitForSilenceAsync(am, "expired", web)).GetProperty("id").GetString());
            var notice = await world.WaitForMailAsync(world.OnCall, m => m.Subject?.StartsWith($"[{alert.Reference}] Resolved:", StringComparison.Ordinal) == true, 1);
            Assert.Contains(alert.MessageId, notice[0].InReplyTo);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    private static async Task<Alert> WaitForAsync(WebWorld web, AlertState state, PrivateAlertmanager am)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var alerts = await web.World.Store.Alerts.ListAsync(null, 10, default);
            if (alerts.FirstOrDefault(a => a.Source == "alertmanager" && a.State == state) is { } found)
            {
                return found;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No {state} alert from Alertmanager within 60 s. Alertmanager said:\n{am.Output}\nWorker: {web.World.ErrorText}");
    }

    private static async Task<JsonElement> WaitForSilenceAsync(PrivateAlertmanager am, string state, WebWorld web)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            last = await am.Http.GetStringAsync("api/v2/silences");
            var match = JsonDocument.Parse(last).RootElement.EnumerateArray()
                .FirstOrDefault(s => s.GetProperty("status").GetProperty("state").GetString() == state);
            if (match.ValueKind == JsonValueKind.Object)
            {
                return match.Clone();
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No {state} silence within 60 s: {last}\nWorker:\n{string.Join('\n', web.World.Harness.Logs.Lines.TakeLast(60))}");
    }

    private static async Task WaitForSuppressedAsync(PrivateAlertmanager am, string silenceId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            last = await am.Http.GetStringAsync("api/v2/alerts");
            if (JsonDocument.Parse(last).RootElement.EnumerateArray().Any(a =>
                a.GetProperty("status").GetProperty("state").GetString() == "suppressed"
                && a.GetProperty("status").GetProperty("silencedBy").EnumerateArray().Any(s => s.GetString() == silenceId)))
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The alert was not suppressed by silence {silenceId}: {last}");
    }

    /// <summary>A scrape target exposing <c>e2e_disk_full</c> with the value <paramref name="value"/> gives at each scrape.</summary>
    private static async Task<Target> StartTargetAsync(Func<int> value)
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/metrics", () => Microsoft.AspNetCore.Http.Results.Text($"# TYPE e2e_disk_full gauge\ne2e_disk_full {value()}\n", "text/plain; version=0.0.4"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Single();
        return new Target(app, new Uri(address).Port);
    }

    private sealed record Target(Microsoft.AspNetCore.Builder.WebApplication App, int Port) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    /// <summary>Webhook notifications Alertmanager has sent so far (its own counter on /metrics).</summary>
    private static async Task<double> NotificationsAsync(PrivateAlertmanager am)
    {
        var text = await am.Http.GetStringAsync("metrics");
        return text.Split('\n').Where(l => l.StartsWith("alertmanager_notifications_total{", StringComparison.Ordinal) && l.Contains("integration=\"webhook\"", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
