using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AckPoller.Core.Alerts;
using AckPoller.Integration.Tests.Web;

namespace AckPoller.Integration.Tests.Integrations;

/// <summary>POST /api/integrations/alertmanager on `ackpoller run`: the bearer token (also required on loopback, and
/// the API key not needed), 413 above the limit, 400 naming the field, 422 when nothing routes, 404 when off; a
/// replayed payload raises nothing new; the alert email really goes out.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class AlertmanagerReceiverApiTests
{
    internal const string Token = "am-receiver-token-0123456789abcdef";

    internal static string IntegrationsJson(string tokenVariable, string defaultTo, string extra = "") => $$"""
        { "Alertmanager": { "ReceiverTokenEnv": "{{tokenVariable}}", "DefaultTo": [ "{{defaultTo}}" ], "MaxPayloadBytes": 65536{{extra}} } }
        """;

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(WebWorld web, string? token, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/integrations/alertmanager") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await web.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static byte[] Payload(string status = "firing", string groupKey = "{}:{alertname=\"DiskFull\"}", string team = "db") => Encoding.UTF8.GetBytes($$"""
        {"version":"4","groupKey":{{JsonSerializer.Serialize(groupKey)}},"status":"{{status}}","receiver":"ackpoller",
         "groupLabels":{"alertname":"DiskFull"},"commonLabels":{"alertname":"DiskFull","team":"{{team}}","severity":"critical"},
         "commonAnnotations":{"summary":"Disk almost full on db01"},"externalURL":"http://am.example:9093",
         "alerts":[{"status":"{{status}}","labels":{"alertname":"DiskFull","team":"{{team}}","severity":"critical","instance":"db01"},
           "annotations":{"summary":"Disk almost full on db01"},"startsAt":"2026-12-06T08:00:00Z","endsAt":"0001-01-01T00:00:00Z",
           "generatorURL":"http://prometheus.example:9090/graph","fingerprint":"a1b2c3d4e5f60718"}]}
        """);

    [Fact]
    public async Task Token_limits_field_errors_routing_and_replay()
    {
        var variable = "ACKPOLLER_TEST_AM_TOKEN_" + Guid.NewGuid().ToString("N")[..8];
        Environment.SetEnvironmentVariable(variable, Token);
        try
        {
            var route = """, "Routes": [ { "Matchers": [ "team=web" ], "To": [ "web@sandbox.test" ] } ]""";
            await using var web = await WebWorld.StartAsync(integrationsJson: _ => IntegrationsJson(variable, "oncall-default@sandbox.test", route));

            Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(web, null, Payload())).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(web, "wrong-token-wrong-token", Payload())).Status);
            Assert.Empty((await web.GetJsonAsync("/api/alerts")).GetProperty("alerts").EnumerateArray());

            var (tooLarge, problem) = await PostAsync(web, Token, new byte[70_000]);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge);
            Assert.Contains("MaxPayloadBytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

            var (bad, badProblem) = await PostAsync(web, Token, Encoding.UTF8.GetBytes("""{"version":"3","groupKey":"g","status":"firing","alerts":[]}"""));
            Assert.Equal(HttpStatusCode.BadRequest, bad);
            Assert.Equal("version", badProblem.GetProperty("parameter").GetString());

            var (created, receipt) = await PostAsync(web, Token, Payload());
            Assert.Equal(HttpStatusCode.OK, created);
            var reference = receipt.GetProperty("raised")[0].GetString()!;
            var (replayed, again) = await PostAsync(web, Token, Payload());
            Assert.Equal(HttpStatusCode.OK, replayed);
            Assert.Empty(again.GetProperty("raised").EnumerateArray());
            Assert.Equal(1, again.GetProperty("unchanged").GetInt32());

            var alert = await web.World.AlertAsync(AlertReference.Parse(reference));
            Assert.Equal(["oncall-default@sandbox.test"], alert.Recipients);
            Assert.Equal("DiskFull: Disk almost full on db01", alert.Subject);

            var (webStatus, webReceipt) = await PostAsync(web, Token, Payload(groupKey: "web-group", team: "web"));
            Assert.Equal(HttpStatusCode.OK, webStatus);
            Assert.Equal(["web@sandbox.test"], (await web.World.AlertAsync(AlertReference.Parse(webReceipt.GetProperty("raised")[0].GetString()!))).Recipients);

            var (resolved, resolvedReceipt) = await PostAsync(web, Token, Payload("resolved"));
            Assert.Equal(HttpStatusCode.OK, resolved);
            Assert.Equal(reference, resolvedReceipt.GetProperty("resolved")[0].GetString());
            Assert.Equal(AlertState.Resolved, (await web.World.AlertAsync(AlertReference.Parse(reference))).State);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task The_receiver_is_off_without_a_token_and_never_open_without_one()
    {
        await using var web = await WebWorld.StartAsync();

        var (status, problem) = await PostAsync(web, "anything-anything-anything", Payload());

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("ReceiverTokenEnv", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await web.GetJsonAsync("/api/alerts")).GetProperty("alerts").EnumerateArray());
    }
}
