using System.Net;
using System.Text.Json;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Reporting;

namespace AckPoller.Integration.Tests.Web;

/// <summary>GET /api/acks against `ackpoller run`: each CLI filter, keyset paging that neither skips nor repeats a row,
/// the CSV form, and a problem+json naming the parameter for every bad filter.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class AckLogApiTests
{
    [Fact]
    public async Task Filters_paging_and_csv_read_the_real_log()
    {
        await using var web = await WebWorld.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var alertA = AlertReference.Parse("AP-AAAA11");
        var alertB = AlertReference.Parse("AP-BBBB22");
        var seeded = await web.SeedAckLogAsync(
            WebWorld.Entry(now.AddDays(-3), AckAction.Ack, AckOutcome.Applied, "old@sandbox.test", alertA),
            WebWorld.Entry(now.AddHours(-5), AckAction.Note, AckOutcome.Applied, "jane@sandbox.test", alertA, "looking"),
            WebWorld.Entry(now.AddHours(-4), AckAction.Ack, AckOutcome.Rejected, "mallory@evil.test", alertB),
            WebWorld.Entry(now.AddHours(-3), AckAction.Resolve, AckOutcome.Applied, "Jane@Sandbox.test", alertB, "=HYPERLINK(\"http://x\")"),
            WebWorld.Entry(now.AddHours(-2), null, AckOutcome.Ignored, "mailer-daemon@sandbox.test"),
            WebWorld.Entry(now.AddHours(-1), AckAction.Snooze, AckOutcome.Applied, "bob@sandbox.test", alertA),
            WebWorld.Entry(now.AddMinutes(-10), AckAction.Ack, AckOutcome.Applied, "bob@sandbox.test", alertB, "on it, \"really\""));

        // No filter: newest first, all of them, no next page.
        var all = await web.GetJsonAsync("/api/acks");
        Assert.Equal(seeded.Select(e => e.Id).Reverse(), Ids(all));
        Assert.Equal(JsonValueKind.Null, all.GetProperty("next").ValueKind);
        var first = all.GetProperty("entries")[0];
        Assert.Equal("AP-BBBB22", first.GetProperty("alert_reference").GetString());
        Assert.Equal("ack", first.GetProperty("action").GetString());
        Assert.Equal("applied", first.GetProperty("outcome").GetString());
        Assert.Equal(JsonSerializer.Serialize(seeded[^1], ReportJson.Compact), first.GetRawText());

        Assert.Equal([seeded[6].Id, seeded[5].Id, seeded[4].Id, seeded[3].Id, seeded[2].Id, seeded[1].Id], Ids(await web.GetJsonAsync("/api/acks?since=24h")));
        Assert.Equal([seeded[0].Id], Ids(await web.GetJsonAsync("/api/acks?until=2d")));
        Assert.Equal([seeded[5].Id, seeded[1].Id, seeded[0].Id], Ids(await web.GetJsonAsync("/api/acks?alert=ap-aaaa11")));
        Assert.Equal([seeded[3].Id, seeded[1].Id], Ids(await web.GetJsonAsync("/api/acks?by=JANE@sandbox.test")));
        Assert.Equal([seeded[6].Id, seeded[2].Id, seeded[0].Id], Ids(await web.GetJsonAsync("/api/acks?action=ack")));
        Assert.Equal([seeded[2].Id], Ids(await web.GetJsonAsync("/api/acks?outcome=rejected")));
        Assert.Equal([seeded[6].Id], Ids(await web.GetJsonAsync("/api/acks?action=ack&outcome=applied&since=1h")));
        Assert.Equal(7, Ids(await web.GetJsonAsync("/api/acks?account=replies")).Count);
        Assert.Empty(Ids(await web.GetJsonAsync("/api/acks?account=elsewhere")));
        var since = Uri.EscapeDataString(now.AddHours(-3.5).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([seeded[6].Id, seeded[5].Id, seeded[4].Id, seeded[3].Id], Ids(await web.GetJsonAsync($"/api/acks?since={since}")));

        // Paging by 3: three pages, each cursor continuing exactly where the last page ended.
        var paged = new List<long>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await web.GetJsonAsync("/api/acks?limit=3" + (after is null ? string.Empty : "&after=" + Uri.EscapeDataString(after)));
            paged.AddRange(Ids(page));
            after = page.GetProperty("next").GetString();
            pages++;
        }
        while (after is not null);
        Assert.Equal(3, pages);
        Assert.Equal(seeded.Select(e => e.Id).Reverse(), paged);

        // Paging with a filter keeps the filter.
        var firstApplied = await web.GetJsonAsync("/api/acks?outcome=applied&limit=2");
        var nextApplied = await web.GetJsonAsync("/api/acks?outcome=applied&limit=2&after=" + Uri.EscapeDataString(firstApplied.GetProperty("next").GetString()!));
        Assert.Equal([seeded[6].Id, seeded[5].Id, seeded[3].Id, seeded[1].Id], Ids(firstApplied).Concat(Ids(nextApplied)));

        // CSV: the shared writer, header first, formula guarded, quotes doubled; cursor in a header.
        using var csv = await web.Http.GetAsync("/api/acks?format=csv&alert=AP-BBBB22&limit=2");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n");
        Assert.Equal(AckLogCsv.Header, lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.Equal(string.Empty, lines[3]);
        Assert.StartsWith(seeded[6].Id + ",", lines[1], StringComparison.Ordinal);
        Assert.Contains(",\"on it, \"\"really\"\"\",", lines[1], StringComparison.Ordinal);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\")\",", lines[2], StringComparison.Ordinal);
        Assert.True(csv.Headers.TryGetValues("X-Next-Cursor", out var cursor));
        Assert.Equal([seeded[2].Id], Ids(await web.GetJsonAsync("/api/acks?alert=AP-BBBB22&after=" + Uri.EscapeDataString(cursor.Single()))));
    }

    [Fact]
    public async Task A_bad_filter_is_a_400_problem_naming_the_parameter()
    {
        await using var web = await WebWorld.StartAsync();
        (string Query, string Parameter)[] cases =
        [
            ("since=yesterday", "since"), ("until=12x", "until"), ("alert=AP-12", "alert"), ("action=acknowledge-all", "action"),
            ("outcome=2", "outcome"), ("limit=0", "limit"), ("limit=10001", "limit"), ("limit=ten", "limit"),
            ("after=not-a-cursor", "after"), ("format=xml", "format"),
        ];

        foreach (var (query, parameter) in cases)
        {
            using var response = await web.Http.GetAsync("/api/acks?" + query);

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
            Assert.Equal(400, problem.GetProperty("status").GetInt32());
            Assert.StartsWith(parameter + ":", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    private static List<long> Ids(JsonElement page) => page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
}
