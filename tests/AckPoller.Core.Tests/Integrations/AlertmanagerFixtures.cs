using System.Text;
using System.Text.Json;

namespace AckPoller.Core.Tests.Integrations;

/// <summary>Webhook payloads in the shapes Alertmanager 0.25 (version 4) and Grafana alerting (version 1) send.</summary>
internal static class AlertmanagerFixtures
{
    public static byte[] Alertmanager(string status = "firing", string groupKey = "{}/{team=\"db\"}:{alertname=\"DiskFull\"}",
        IEnumerable<object>? alerts = null, object? commonLabels = null, object? commonAnnotations = null, string version = "4") =>
        Json(new Dictionary<string, object?>
        {
            ["version"] = version,
            ["groupKey"] = groupKey,
            ["truncatedAlerts"] = 0,
            ["status"] = status,
            ["receiver"] = "ackpoller",
            ["groupLabels"] = new { alertname = "DiskFull" },
            ["commonLabels"] = commonLabels ?? new { alertname = "DiskFull", team = "db", severity = "critical" },
            ["commonAnnotations"] = commonAnnotations ?? new { summary = "Disk almost full on db01" },
            ["externalURL"] = "http://alertmanager.example:9093",
            ["alerts"] = (alerts ?? [Alert(status)]).ToArray(),
        });

    public static object Alert(string status = "firing", string fingerprint = "a1b2c3d4e5f60718", string instance = "db01:9100",
        string alertname = "DiskFull", string team = "db") => new Dictionary<string, object?>
    {
        ["status"] = status,
        ["labels"] = new Dictionary<string, string> { ["alertname"] = alertname, ["team"] = team, ["severity"] = "critical", ["instance"] = instance },
        ["annotations"] = new Dictionary<string, string> { ["summary"] = "Disk almost full on db01", ["runbook_url"] = "https://runbooks.example/disk" },
        ["startsAt"] = "2026-12-06T08:00:00.123Z",
        ["endsAt"] = status == "firing" ? "0001-01-01T00:00:00Z" : "2026-12-06T09:00:00Z",
        ["generatorURL"] = "http://prometheus.example:9090/graph?g0.expr=disk",
        ["fingerprint"] = fingerprint,
    };

    /// <summary>Grafana's documented webhook example (two firing alerts, orgId, title, state, message, version "1").</summary>
    public static byte[] Grafana(string status = "firing") => Encoding.UTF8.GetBytes($$"""
        {
          "receiver": "My Super Webhook",
          "status": "{{status}}",
          "orgId": 1,
          "alerts": [
            {
              "status": "{{status}}",
              "labels": { "alertname": "High memory usage", "team": "blue", "zone": "us-1" },
              "annotations": { "description": "The system has high memory usage", "runbook_url": "https://myrunbook.com/runbook/1234", "summary": "This alert was triggered for zone us-1" },
              "startsAt": "2021-10-12T09:51:03.157076+02:00",
              "endsAt": "0001-01-01T00:00:00Z",
              "generatorURL": "https://play.grafana.org/alerting/1afz29v7z/edit",
              "fingerprint": "c6eadffa33fcdf37",
              "silenceURL": "https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1",
              "dashboardURL": "",
              "panelURL": "",
              "values": { "B": 44.23943737541908, "C": 1 }
            },
            {
              "status": "{{status}}",
              "labels": { "alertname": "High CPU usage", "team": "blue", "zone": "eu-1" },
              "annotations": { "description": "The system has high CPU usage", "runbook_url": "https://myrunbook.com/runbook/1234", "summary": "This alert was triggered for zone eu-1" },
              "startsAt": "2021-10-12T09:56:03.157076+02:00",
              "endsAt": "0001-01-01T00:00:00Z",
              "generatorURL": "https://play.grafana.org/alerting/d1rdpdv7k/edit",
              "fingerprint": "bc97ff14869b13e3",
              "silenceURL": "https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT1%2Cteam%3Dblue%2Czone%3Deu-1",
              "dashboardURL": "",
              "panelURL": "",
              "values": { "B": 44.23943737541908, "C": 1 }
            }
          ],
          "groupLabels": {},
          "commonLabels": { "team": "blue" },
          "commonAnnotations": {},
          "externalURL": "https://play.grafana.org/",
          "version": "1",
          "groupKey": "{}:{}",
          "truncatedAlerts": 0,
          "title": "[FIRING:2]  (blue)",
          "state": "alerting",
          "message": "**Firing**\n\nLabels:\n - alertname = T2\n"
        }
        """);

    public static byte[] Json(object value) => JsonSerializer.SerializeToUtf8Bytes(value);
}
