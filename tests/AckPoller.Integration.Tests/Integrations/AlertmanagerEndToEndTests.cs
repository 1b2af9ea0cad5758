using AckPoller.Core.Alerts;
using AckPoller.Integration.Tests.Web;

namespace AckPoller.Integration.Tests.Integrations;

/// <summary>A real Alertmanager (Debian's 0.25) routes an alert to `ackpoller run`: the AckPoller alert is raised once,
/// its email reaches the on-call mailbox in the sandbox Dovecot, repeats raise nothing, and when the alert ends
/// Alertmanager's resolved notification resolves it (actor "alertmanager").</summary>
public sealed class AlertmanagerEndToEndTests
{
    [Fact]
    public async Task An_alertmanager_alert_is_emailed_once_and_resolved_when_it_ends()
    {
        var variable = "ACKPOLLER_TEST_AM_TOKEN_" + Guid.NewGuid().ToString("N")[..8];
        Environment.SetEnvironmentVariable(variable, AlertmanagerReceiverApiTests.Token);
        try
        {
            await using var web = await WebWorld.StartAsync(integrationsJson: w => AlertmanagerReceiverApiTests.IntegrationsJson(variable, w.OnCall));
            await using var am = await PrivateAlertmanager.StartAsync(new Uri(web.BaseUri, "api/integrations/alertmanager"), AlertmanagerReceiverApiTests.Token);
            var startsAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            object Alert(DateTimeOffset? endsAt) => new
            {
                labels = new { alertname = "AckPollerE2EDiskFull", team = "db", severity = "critical", instance = "db01:9100" },
                annotations = new { summary = "Disk almost full on db01", runbook_url = "https://runbooks.example/disk" },
                generatorURL = "http://prometheus.example:9090/graph?g0.expr=disk",
                startsAt,
                endsAt = endsAt ?? DateTimeOffset.UtcNow.AddHours(1),
            };

            await am.PostAlertsAsync(Alert(null));
            var alert = await WaitForAsync(web, AlertState.Open, am);
            Assert.Equal("AckPollerE2EDiskFull: Disk almost full on db01", alert.Subject);
            Assert.Equal("alertmanager", alert.Source);
            var email = await web.World.WaitForAlertEmailAsync(alert);
            Assert.Contains(alert.Reference.ToString(), email.Subject, StringComparison.Ordinal);
            Assert.Contains("runbook: https://runbooks.example/disk", email.GetTextBody(), StringComparison.Ordinal);

            // Prometheus re-sends firing alerts every evaluation; Alertmanager notifies again: still one alert.
            await am.PostAlertsAsync(Alert(null));
            await am.PostAlertsAsync(Alert(DateTimeOffset.UtcNow.AddSeconds(-1)));
            var resolved = await WaitForAsync(web, AlertState.Resolved, am);
            Assert.Equal(alert.Reference, resolved.Reference);
            var log = (await web.World.Store.AckLog.QueryAsync(new AckLogQuery { Account = "alertmanager" }, default)).Entries.Single(e => e.Action == AckAction.Resolve);
            Assert.Equal("alertmanager", log.ActorAddress);
            Assert.Single((await web.GetJsonAsync("/api/alerts")).GetProperty("alerts").EnumerateArray());
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
}
