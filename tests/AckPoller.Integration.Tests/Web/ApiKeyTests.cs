using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace AckPoller.Integration.Tests.Web;

/// <summary>Web:Url on every interface (0.0.0.0, port 0) with an API key, called through 127.0.0.1: the API needs the
/// X-Api-Key header (missing or wrong → 401), the page needs the key once through its sign-in form (a cookie that the
/// API does not accept), /healthz tells strangers only the status, /oauth/callback stays open, and the key is never logged.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class ApiKeyTests
{
    [Fact]
    public async Task A_non_loopback_binding_requires_the_key_everywhere_but_the_callback_and_the_health_status()
    {
        var variable = "ACKPOLLER_WEB_KEY_" + Guid.NewGuid().ToString("N");
        var key = "k3y-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        Environment.SetEnvironmentVariable(variable, key);
        try
        {
            await using var web = await WebWorld.StartAsync($$"""{ "Url": "http://0.0.0.0:0", "ApiKeyEnv": "{{variable}}" }""");
            Assert.Equal("127.0.0.1", web.BaseUri.Host);
            var http = web.Http;

            foreach (var path in new[] { "/api/acks", "/api/alerts", "/api/alerts/AP-ZZZZZZ", "/api/accounts" })
            {
                Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, path, null));
                Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, path, key + "x"));
                Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, path, key[..^1]));
                Assert.NotEqual(HttpStatusCode.Unauthorized, await StatusAsync(http, path, key));
            }

            Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/api/acks", key));
            using (var post = new HttpRequestMessage(HttpMethod.Post, "/api/alerts") { Content = new StringContent("{\"to\":[\"a@x.test\"],\"subject\":\"s\"}", System.Text.Encoding.UTF8, "application/json") })
            using (var refused = await http.SendAsync(post))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
                Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
            }

            // /healthz: the status for everyone, the details with the key.
            using (var anonymous = await http.GetAsync("/healthz"))
            {
                var body = JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync()).RootElement;
                Assert.True(body.TryGetProperty("status", out _));
                Assert.Equal(JsonValueKind.Null, body.GetProperty("accounts").ValueKind);
                Assert.Equal(JsonValueKind.Null, body.GetProperty("store").ValueKind);
            }

            using (var detailed = Request("/healthz", key))
            using (var withKey = await http.SendAsync(detailed))
            {
                var body = JsonDocument.Parse(await withKey.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal("replies", body.GetProperty("accounts")[0].GetProperty("name").GetString());
            }

            // /oauth/callback is open (state + PKCE protect it): an unknown state is refused by the handler, not by the key.
            using (var callback = await http.GetAsync("/oauth/callback?code=abc&state=forged"))
            {
                Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
                Assert.Contains("unknown, expired or already used", await callback.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            // Starting a sign-in from the page needs the key (cookie or header) besides the form's token.
            var token = web.Services.GetRequiredService<AckPoller.Web.SignInTokens>().Issue("replies");
            using (var start = await http.PostAsync("/accounts/replies/sign-in", new FormUrlEncodedContent([new("token", token)])))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, start.StatusCode);
            }

            // The page: redirected to the key form; a wrong key is refused; the right one sets a strict HttpOnly cookie.
            using (var page = await http.GetAsync("/?outcome=applied"))
            {
                Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
                Assert.Equal("/signin?return=%2F%3Foutcome%3Dapplied", page.Headers.Location!.OriginalString);
            }

            using (var wrong = await http.PostAsync("/signin", new FormUrlEncodedContent([new("key", "guess"), new("return", "/")])))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
                Assert.False(wrong.Headers.Contains("Set-Cookie"));
            }

            using var signedIn = await http.PostAsync("/signin", new FormUrlEncodedContent([new("key", key), new("return", "//evil.example/")]));
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
            var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"));
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(key, cookie, StringComparison.Ordinal);
            var pair = cookie[..cookie.IndexOf(';', StringComparison.Ordinal)];

            using (var withCookie = new HttpRequestMessage(HttpMethod.Get, "/"))
            {
                withCookie.Headers.Add("Cookie", pair);
                using var page = await http.SendAsync(withCookie);
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Contains("<table id=\"accounts\">", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            using (var cookieOnApi = new HttpRequestMessage(HttpMethod.Get, "/api/acks"))
            {
                cookieOnApi.Headers.Add("Cookie", pair);
                using var refused = await http.SendAsync(cookieOnApi);
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            }

            using (var forged = new HttpRequestMessage(HttpMethod.Get, "/"))
            {
                forged.Headers.Add("Cookie", "ackpoller_page=" + key);
                using var refused = await http.SendAsync(forged);
                Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            }

            Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/", key));
            Assert.DoesNotContain(web.World.Harness.Logs.Lines, line => line.Contains(key, StringComparison.Ordinal));
            Assert.DoesNotContain(key, web.World.ErrorText, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Theory]
    [InlineData("""{ "Url": "http://0.0.0.0:0" }""", "Web:ApiKeyEnv")]
    [InlineData("""{ "Url": "https://127.0.0.1:0" }""", "Web:Url: 'https://127.0.0.1:0': AckPoller serves plain HTTP only")]
    public async Task A_web_configuration_it_cannot_serve_safely_stops_run_with_exit_3(string webJson, string message)
    {
        await using var world = await EndToEndWorld.StartAsync(ReplyChannel.ImapPolling, startWorker: false);
        world.WebJson = webJson;
        await File.WriteAllTextAsync(world.ConfigPath, world.ConfigJson());
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = new System.CommandLine.RootCommand { AckPoller.Cli.RunCommand.Create() };

        var exit = await root.Parse(["run", "--config", world.ConfigPath]).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });

        Assert.Equal(AckPoller.Cli.RunCommand.ExitBadConfiguration, exit);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_keyless_loopback_binding_answers_only_to_loopback_host_names()
    {
        await using var web = await WebWorld.StartAsync();

        foreach (var (host, expected) in new[] { ("rebound.attacker.example", HttpStatusCode.MisdirectedRequest), ("localhost", HttpStatusCode.OK),
                     ("127.0.0.1", HttpStatusCode.OK), ("[::1]", HttpStatusCode.OK) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/accounts");
            request.Headers.Host = $"{host}:{web.BaseUri.Port}";
            using var response = await web.Http.SendAsync(request);
            Assert.True(response.StatusCode == expected, $"{host}: {(int)response.StatusCode}");
        }
    }

    private static HttpRequestMessage Request(string path, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return request;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path, string? key)
    {
        using var request = Request(path, key);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
