using System.Net;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Integration.Tests.EndToEnd;

namespace AckPoller.Integration.Tests.Web;

/// <summary>GET / against `ackpoller run`: a real reply whose comment carries markup is shown as text; the filters and
/// paging links; the security headers.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class StatusPageTests
{
    private const string Payload = "<script>alert('x')</script><img src=x onerror=alert(1)>\"'&";

    [Fact]
    public async Task A_comment_from_email_with_markup_renders_as_text()
    {
        await using var web = await WebWorld.StartAsync();
        var world = web.World;
        var alert = await world.RaiseAsync("Disk full on db01");
        var stillOpen = await world.RaiseAsync("Link <b>down</b> on sw1");
        var received = await world.WaitForAlertEmailAsync(alert);
        var reply = ReplyStyles.Compose("plain", received, world.OnCall, EndToEndWorld.OnCallName, world.Monitored, "ack " + Payload);
        await SandboxMail.DeliverAsync(world.Harness.Settings, world.OnCall, world.Monitored, reply.Bytes);
        var entry = Assert.Single(await world.WaitForLogAsync(1));
        Assert.Contains("<script>", entry.Comment, StringComparison.Ordinal);

        using var response = await web.Http.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>down", html, StringComparison.Ordinal);
        Assert.Contains("Link &lt;b&gt;down&lt;/b&gt; on sw1", html, StringComparison.Ordinal);
        Assert.Contains(stillOpen.Reference.ToString(), html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&#x27;&amp;", html, StringComparison.Ordinal);
        Assert.Contains(alert.Reference.ToString(), html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Filters_and_paging_links_keep_the_filters()
    {
        await using var web = await WebWorld.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var entries = new List<AckLogEntry>();
        for (var i = 0; i < 55; i++)
        {
            entries.Add(WebWorld.Entry(now.AddMinutes(-60 + i), AckAction.Ack, AckOutcome.Applied, $"user{i}@sandbox.test", comment: "row " + i));
        }

        entries.Add(WebWorld.Entry(now.AddMinutes(-1), AckAction.Note, AckOutcome.Rejected, "mallory@evil.test", comment: "rejected row"));
        await web.SeedAckLogAsync([.. entries]);

        var all = await web.Http.GetStringAsync("/");
        Assert.Equal(50, Rows(all));
        Assert.Contains("rejected row", all, StringComparison.Ordinal);

        var filtered = await web.Http.GetStringAsync("/?action=ack&outcome=applied&since=2h");
        Assert.Equal(50, Rows(filtered));
        Assert.DoesNotContain("rejected row", filtered, StringComparison.Ordinal);
        Assert.Contains("<option selected>ack</option>", filtered, StringComparison.Ordinal);
        var older = Href(filtered, "older");
        Assert.StartsWith("/?since=2h&amp;action=ack&amp;outcome=applied&amp;after=", older, StringComparison.Ordinal);

        var second = await web.Http.GetStringAsync(WebUtilityDecode(older));
        Assert.Equal(5, Rows(second));
        Assert.Contains("row 0<", second, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"older\"", second, StringComparison.Ordinal);
        Assert.Equal("/?since=2h&amp;action=ack&amp;outcome=applied", Href(second, "newest"));

        var byActor = await web.Http.GetStringAsync("/?by=mallory@evil.test");
        Assert.Equal(1, Rows(byActor));

        using var bad = await web.Http.GetAsync("/?since=whenever");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("id=\"filter-error\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static int Rows(string html)
    {
        var body = html[html.IndexOf("<table id=\"acks\">", StringComparison.Ordinal)..];
        body = body[..body.IndexOf("</table>", StringComparison.Ordinal)];
        return body.Split("<tr data-id=").Length - 1;
    }

    private static string Href(string html, string id)
    {
        var at = html.IndexOf($"id=\"{id}\" href=\"", StringComparison.Ordinal);
        Assert.True(at >= 0, $"no link #{id}");
        var start = at + $"id=\"{id}\" href=\"".Length;
        return html[start..html.IndexOf('"', start)];
    }

    private static string WebUtilityDecode(string href) => WebUtility.HtmlDecode(href);
}
