using System.Net;
using AckPoller.Web;

namespace AckPoller.Integration.Tests.Web;

/// <summary>The sign-in form sends the browser back only to a path on this origin exactly as given: every trick a
/// browser would "clean up" into another origin (tab, newline, backslash, "//", "/\", and their percent-encoded forms)
/// falls back to "/", and none of them gives a 500.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class SignInRedirectTests
{
    private static readonly string[] HostileReturns =
    [
        "/\t/evil.example/",
        "/\n/evil.example/",
        "/\r\n/evil.example/",
        "/\nLocation: http://evil.example/",
        "/ /evil.example/",
        "/\u00a0/evil.example/",
        "/\u3000/evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "/\\/evil.example/",
        "\\/evil.example/",
        "/\t\\evil.example/",
        "/%09/evil.example/",
        "/%0a/evil.example/",
        "/%0D%0A/evil.example/",
        "/%5cevil.example/",
        "/%5Cevil.example/",
        "/%2f%2fevil.example/",
        "/%2F/evil.example/",
        "/%2F%09%2Fevil.example",
        "/%252F%252Fevil.example",
        "/%25%30%39/evil.example",
        "/%20/evil.example",
        "/./evil.example",
        "/../evil.example",
        "/a/../../evil.example",
        "/x\u0000y",
        "/\u007f/evil.example",
        "/ünïcode",
        "https://evil.example/",
        "http:/evil.example",
        "evil.example",
        "javascript:alert(1)",
        "",
        "/\"><script>alert(1)</script>",
    ];

    public static TheoryData<string> Hostile => new(HostileReturns);

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_return_path_a_browser_would_rewrite_or_that_leaves_the_origin_is_refused(string requested)
    {
        Assert.False(LocalReturnPath.TryAccept(requested, out _));
        Assert.Equal("/", LocalReturnPath.OrRoot(requested));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/?outcome=applied")]
    [InlineData("/?outcome=applied&account=replies")]
    [InlineData("/#accounts")]
    [InlineData("/api/acks?limit=10")]
    public void A_plain_local_path_is_kept_exactly(string requested)
    {
        Assert.True(LocalReturnPath.TryAccept(requested, out var path));
        Assert.Equal(requested, path);
    }

    [Fact]
    public async Task Sign_in_redirects_only_to_local_paths_and_never_answers_500()
    {
        var variable = "ACKPOLLER_WEB_KEY_" + Guid.NewGuid().ToString("N");
        var key = "k3y-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        Environment.SetEnvironmentVariable(variable, key);
        try
        {
            await using var web = await WebWorld.StartAsync($$"""{ "Url": "http://0.0.0.0:0", "ApiKeyEnv": "{{variable}}" }""");
            foreach (var hostile in HostileReturns)
            {
                using var post = await web.Http.PostAsync("/signin", new FormUrlEncodedContent([new("key", key), new("return", hostile)]));
                var status = (int)post.StatusCode;
                Assert.True(post.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest, $"POST return={Uri.EscapeDataString(hostile)}: {status}");
                if (post.StatusCode == HttpStatusCode.Redirect)
                {
                    Assert.Equal("/", post.Headers.Location!.OriginalString);
                }
                else
                {
                    // Only a form that cannot be read at all (a NUL) is refused; it sets no cookie and leads nowhere.
                    Assert.Contains('\0', hostile);
                    Assert.False(post.Headers.Contains("Set-Cookie"));
                }

                // The link form: /signin?return=… renders the form with the return value it will post back.
                using var get = await web.Http.GetAsync("/signin?return=" + Uri.EscapeDataString(hostile));
                Assert.True(get.StatusCode == HttpStatusCode.OK, $"GET return={Uri.EscapeDataString(hostile)}: {(int)get.StatusCode}");
                Assert.Contains("name=\"return\" value=\"/\"", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            // The exact link: %2F%09%2Fevil.example.
            using (var link = await web.Http.GetAsync("/signin?return=%2F%09%2Fevil.example"))
            {
                Assert.Contains("name=\"return\" value=\"/\"", await link.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            using var good = await web.Http.PostAsync("/signin", new FormUrlEncodedContent([new("key", key), new("return", "/?outcome=applied")]));
            Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
            Assert.Equal("/?outcome=applied", good.Headers.Location!.OriginalString);

            // Without the key (wrong key) the form comes back with the cleaned return value, not a 500.
            using var wrong = await web.Http.PostAsync("/signin", new FormUrlEncodedContent([new("key", "guess"), new("return", "/\n/evil.example/")]));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Contains("name=\"return\" value=\"/\"", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
