using System.Text;
using AckPoller.Core.Configuration;
using AckPoller.Core.Integrations.Alertmanager;

namespace AckPoller.Core.Tests.Integrations;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class AlertmanagerPayloadTests
{
    [Fact]
    public void Reads_alertmanager_version_4()
    {
        var n = AlertmanagerPayload.Parse(AlertmanagerFixtures.Alertmanager());

        Assert.Equal("4", n.Version);
        Assert.True(n.IsFiring);
        Assert.False(n.IsGrafana);
        Assert.Equal("{}/{team=\"db\"}:{alertname=\"DiskFull\"}", n.GroupKey);
        Assert.Equal("db", n.CommonLabels["team"]);
        var alert = Assert.Single(n.Alerts);
        Assert.Equal("DiskFull", alert.Name);
        Assert.Equal("a1b2c3d4e5f60718", alert.Fingerprint);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 8, 0, 0, 123, TimeSpan.Zero), alert.StartsAt);
        Assert.Null(alert.EndsAt);
        Assert.Equal("http://prometheus.example:9090/graph?g0.expr=disk", alert.GeneratorUrl);
    }

    [Fact]
    public void Reads_grafanas_documented_webhook_example()
    {
        var n = AlertmanagerPayload.Parse(AlertmanagerFixtures.Grafana());

        Assert.True(n.IsGrafana);
        Assert.Equal("1", n.Version);
        Assert.Equal("[FIRING:2]  (blue)", n.Title);
        Assert.Equal(2, n.Alerts.Count);
        Assert.Null(n.Alerts[0].DashboardUrl);
        Assert.StartsWith("https://play.grafana.org/alerting/silence", n.Alerts[0].SilenceUrl, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"version":"5","groupKey":"g","status":"firing","alerts":[{"status":"firing","labels":{"a":"b"}}]}""", "version")]
    [InlineData("""{"version":"1","groupKey":"g","status":"firing","alerts":[{"status":"firing","labels":{"a":"b"}}]}""", "version")]
    [InlineData("""{"groupKey":"g","status":"firing","alerts":[]}""", "version")]
    [InlineData("""{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"a":"b"}}]}""", "groupKey")]
    [InlineData("""{"version":"4","groupKey":"g","status":"burning","alerts":[{"status":"firing","labels":{"a":"b"}}]}""", "status")]
    [InlineData("""{"version":"4","groupKey":"g","status":"firing"}""", "alerts")]
    [InlineData("""{"version":"4","groupKey":"g","status":"firing","alerts":[]}""", "alerts")]
    [InlineData("""{"version":"4","groupKey":"g","status":"firing","alerts":[7]}""", "alerts[0]")]
    [InlineData("""{"version":"4","groupKey":"g","status":"firing","alerts":[{"status":"firing","labels":{}}]}""", "alerts[0].labels")]
    [InlineData("""{"version":"4","groupKey":"g","status":"firing","alerts":[{"status":"firing"}]}""", "alerts[0].labels")]
    [InlineData("""{"version":"4","groupKey":"g","status":"firing","alerts":[{"status":"firing","labels":{"a":1}}]}""", "alerts[0].labels.a")]
    [InlineData("""{"version":"4","groupKey":"g","status":"firing","alerts":[{"status":"firing","labels":{"a":"b"},"startsAt":"yesterday"}]}""", "alerts[0].startsAt")]
    [InlineData("""{"version":"4","groupKey":"g","status":"firing","alerts":[{"status":"x","labels":{"a":"b"}}]}""", "alerts[0].status")]
    [InlineData("""[1,2]""", "body")]
    [InlineData("""{"version":""", "body")]
    public void Refuses_a_bad_payload_naming_the_field(string json, string field)
    {
        var ex = Assert.Throws<AlertmanagerPayloadException>(() => AlertmanagerPayload.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(field, ex.Field);
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Fact]
    public void Drops_links_that_are_not_http_and_fingerprints_alerts_sent_without_one()
    {
        var json = """
            {"version":"4","groupKey":"g","status":"firing","alerts":[
              {"status":"firing","labels":{"alertname":"X","b":"2","a":"1"},"generatorURL":"javascript:alert(1)"},
              {"status":"firing","labels":{"a":"1","alertname":"X","b":"2"}}]}
            """;
        var n = AlertmanagerPayload.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Null(n.Alerts[0].GeneratorUrl);
        Assert.Equal(16, n.Alerts[0].Fingerprint.Length);
        Assert.Equal(n.Alerts[0].Fingerprint, n.Alerts[1].Fingerprint);
    }

    [Fact]
    public void Refuses_too_many_alerts_and_too_deep_json()
    {
        var many = AlertmanagerFixtures.Alertmanager(alerts: Enumerable.Range(0, AlertmanagerPayload.MaxAlerts + 1).Select(i => AlertmanagerFixtures.Alert(fingerprint: $"f{i}")));
        Assert.Equal("alerts", Assert.Throws<AlertmanagerPayloadException>(() => AlertmanagerPayload.Parse(many)).Field);

        var deep = "{\"version\":\"4\",\"x\":" + new string('[', 100) + new string(']', 100) + "}";
        Assert.Equal("body", Assert.Throws<AlertmanagerPayloadException>(() => AlertmanagerPayload.Parse(Encoding.UTF8.GetBytes(deep))).Field);
    }

    [Theory]
    [InlineData("team=db", "team", "db")]
    [InlineData(" severity = \"critical\" ", "severity", "critical")]
    [InlineData("env=\"a \\\"b\\\"\"", "env", "a \"b\"")]
    [InlineData("team=", "team", "")]
    public void Parses_equality_matchers(string text, string name, string value)
    {
        Assert.True(LabelMatcher.TryParse(text, out var matcher, out _));
        Assert.Equal(new LabelMatcher(name, value), matcher);
    }

    [Theory]
    [InlineData("team")]
    [InlineData("=db")]
    [InlineData("team!=db")]
    [InlineData("team=~d.*")]
    [InlineData("9team=db")]
    [InlineData("te am=db")]
    public void Refuses_what_is_not_an_equality_matcher(string text)
    {
        Assert.False(LabelMatcher.TryParse(text, out _, out var why));
        Assert.NotEmpty(why);
    }

    [Fact]
    public void An_empty_matcher_value_matches_a_missing_label_as_in_alertmanager()
    {
        Assert.True(new LabelMatcher("team", string.Empty).Matches(new Dictionary<string, string>()));
        Assert.False(new LabelMatcher("team", "db").Matches(new Dictionary<string, string>()));
        Assert.True(new LabelMatcher("team", "db").Matches(new Dictionary<string, string> { ["team"] = "db" }));
    }
}
