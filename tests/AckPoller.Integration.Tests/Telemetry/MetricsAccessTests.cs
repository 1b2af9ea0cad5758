using System.Net;
using System.Net.Http.Headers;
using AckPoller.Integration.Tests.Web;

namespace AckPoller.Integration.Tests.Telemetry;

/// <summary>/metrics follows the API's access rules: where an API key is required it needs the key or the scrape token
/// (Telemetry:ScrapeTokenEnv, "Authorization: Bearer"), and the scrape token opens /metrics only. /livez and /readyz are
/// open. (In the telemetry collection: the scrape token is configured through a process-wide environment variable.)</summary>
[Collection(TelemetryCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class MetricsAccessTests
{
    [Fact]
    public async Task Metrics_need_the_key_or_the_scrape_token_which_opens_nothing_else()
    {
        var keyVariable = "ACKPOLLER_WEB_KEY_" + Guid.NewGuid().ToString("N");
        var tokenVariable = "ACKPOLLER_SCRAPE_" + Guid.NewGuid().ToString("N");
        var key = "k3y-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var token = "scr4pe-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        Environment.SetEnvironmentVariable(keyVariable, key);
        Environment.SetEnvironmentVariable(tokenVariable, token);
        Environment.SetEnvironmentVariable("ACKPOLLER__Telemetry__ScrapeTokenEnv", tokenVariable);
        try
        {
            await using var web = await WebWorld.StartAsync($$"""{ "Url": "http://0.0.0.0:0", "ApiKeyEnv": "{{keyVariable}}" }""");
            var http = web.Http;

            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, "/metrics"));
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, "/metrics", bearer: token + "x"));
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, "/metrics", bearer: key));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/metrics", apiKey: key));

            using (var request = new HttpRequestMessage(HttpMethod.Get, "/metrics"))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var text = await response.Content.ReadAsStringAsync();
                Assert.Contains("# TYPE ackpoller_account_auth_state gauge", text, StringComparison.Ordinal);
                Assert.DoesNotContain(token, text, StringComparison.Ordinal);
            }

            // The scrape token is not an API key.
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, "/api/acks", bearer: token));
            Assert.Equal(HttpStatusCode.Redirect, await StatusAsync(http, "/", bearer: token));

            Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/livez"));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/readyz"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("ACKPOLLER__Telemetry__ScrapeTokenEnv", null);
            Environment.SetEnvironmentVariable(keyVariable, null);
            Environment.SetEnvironmentVariable(tokenVariable, null);
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path, string? apiKey = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
