using System.Net;
using System.Text;
using System.Text.Json;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;

namespace AckPoller.Integration.Tests.Web;

/// <summary>/api/alerts against `ackpoller run`: raise (the alert email really goes out through the outbox), register
/// (idempotent, 409 on a taken reference), list by state, one alert with its log, and 400/404 answers.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class AlertsApiTests
{
    [Fact]
    public async Task Raise_register_list_and_show_alerts()
    {
        await using var web = await WebWorld.StartAsync();
        var world = web.World;

        var (status, raised, response) = await web.PostJsonAsync("/api/alerts",
            new { to = new[] { world.OnCall }, subject = "Disk full on db01", body = "/var is 99% full", severity = "critical", source = "nagios" });
        Assert.Equal(HttpStatusCode.Created, status);
        var reference = raised.GetProperty("reference").GetString()!;
        Assert.Matches("^AP-[0-9A-Z]{6}$", reference);
        Assert.Equal("/api/alerts/" + reference, response.Headers.Location!.OriginalString);
        Assert.Equal("open", raised.GetProperty("state").GetString());
        Assert.Equal("critical", raised.GetProperty("severity").GetString());
        response.Dispose();

        // The alert email reaches the on-call mailbox through the worker's outbox.
        var stored = await world.AlertAsync(AlertReference.Parse(reference));
        var email = await world.WaitForAlertEmailAsync(stored);
        Assert.Contains(reference, email.Subject, StringComparison.Ordinal);

        // Register by Message-ID: 201 the first time, 200 with the same alert after.
        var messageId = $"<{Guid.NewGuid():N}@monitoring.example>";
        var (registeredStatus, registered, r1) = await web.PostJsonAsync("/api/alerts", new { message_id = messageId, subject = "From Zabbix" });
        r1.Dispose();
        Assert.Equal(HttpStatusCode.Created, registeredStatus);
        Assert.Equal(messageId.Trim('<', '>'), registered.GetProperty("message_id").GetString());
        var (againStatus, again, r2) = await web.PostJsonAsync("/api/alerts", new { message_id = messageId });
        r2.Dispose();
        Assert.Equal(HttpStatusCode.OK, againStatus);
        Assert.Equal(registered.GetProperty("reference").GetString(), again.GetProperty("reference").GetString());

        // Register with a chosen reference; the same reference for another Message-ID is a conflict.
        var (refStatus, withRef, r3) = await web.PostJsonAsync("/api/alerts", new { @ref = "ap-web001", message_id = $"{Guid.NewGuid():N}@other.example" });
        r3.Dispose();
        Assert.Equal(HttpStatusCode.Created, refStatus);
        Assert.Equal("AP-WEB001", withRef.GetProperty("reference").GetString());
        var (conflict, problem, r4) = await web.PostJsonAsync("/api/alerts", new { @ref = "AP-WEB001", message_id = $"{Guid.NewGuid():N}@third.example" });
        r4.Dispose();
        Assert.Equal(HttpStatusCode.Conflict, conflict);
        Assert.Contains("AP-WEB001", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Listing: newest first, filtered by state and age.
        var open = await web.GetJsonAsync("/api/alerts?state=open&since=1h");
        var references = open.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("reference").GetString()).ToList();
        Assert.Equal(["AP-WEB001", registered.GetProperty("reference").GetString(), reference], references);
        Assert.Single((await web.GetJsonAsync("/api/alerts?limit=1")).GetProperty("alerts").EnumerateArray());
        Assert.Empty((await web.GetJsonAsync("/api/alerts?state=resolved")).GetProperty("alerts").EnumerateArray());

        // One alert with its log (an ack recorded for it shows up there).
        await web.SeedAckLogAsync(WebWorld.Entry(DateTimeOffset.UtcNow, AckAction.Ack, AckOutcome.Applied, world.OnCall, AlertReference.Parse(reference), "on it"));
        var detail = await web.GetJsonAsync("/api/alerts/" + reference.ToLowerInvariant());
        Assert.Equal("Disk full on db01", detail.GetProperty("alert").GetProperty("subject").GetString());
        var log = Assert.Single(detail.GetProperty("log").EnumerateArray());
        Assert.Equal("on it", log.GetProperty("comment").GetString());

        var missing = await web.GetJsonAsync("/api/alerts/AP-ZZZZZZ", HttpStatusCode.NotFound);
        Assert.Equal(404, missing.GetProperty("status").GetInt32());
        var malformed = await web.GetJsonAsync("/api/alerts/not-a-ref", HttpStatusCode.BadRequest);
        Assert.Equal("ref", malformed.GetProperty("parameter").GetString());
        var badState = await web.GetJsonAsync("/api/alerts?state=closed", HttpStatusCode.BadRequest);
        Assert.Equal("state", badState.GetProperty("parameter").GetString());
        Assert.Equal("since", (await web.GetJsonAsync("/api/alerts?since=soon", HttpStatusCode.BadRequest)).GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Invalid_alert_bodies_are_refused_with_the_field_named_and_nothing_is_stored()
    {
        await using var web = await WebWorld.StartAsync();
        (object Body, string Field)[] cases =
        [
            (new { subject = "no recipients" }, "to"),
            (new { to = Array.Empty<string>(), subject = "empty recipients" }, "to"),
            (new { to = new[] { "not-an-address" }, subject = "bad address" }, "to"),
            (new { to = new[] { "a@x.test\r\nBcc: evil@x.test" }, subject = "header injection" }, "to"),
            (new { to = new[] { "a@x.test" } }, "subject"),
            (new { to = new[] { "a@x.test" }, subject = "two\r\nlines" }, "subject"),
            (new { to = new[] { "a@x.test" }, subject = "ok", severity = new string('s', 101) }, "severity"),
            (new { @ref = "AP-12" }, "ref"),
            (new { message_id = "no at sign" }, "message_id"),
        ];

        foreach (var (body, field) in cases)
        {
            var (status, problem, response) = await web.PostJsonAsync("/api/alerts", body);
            response.Dispose();
            Assert.True(status == HttpStatusCode.BadRequest, $"{field}: {(int)status} {problem}");
            Assert.Equal(field, problem.GetProperty("parameter").GetString());
        }

        using var notJson = await web.Http.PostAsync("/api/alerts", new StringContent("{\"to\": [", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        using var wrongType = await web.Http.PostAsync("/api/alerts", new StringContent("{\"to\": \"a@x.test\", \"subject\": \"s\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal("to", JsonDocument.Parse(await wrongType.Content.ReadAsStringAsync()).RootElement.GetProperty("parameter").GetString());
        using var form = await web.Http.PostAsync("/api/alerts", new StringContent("to=a@x.test", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        using var huge = await web.Http.PostAsync("/api/alerts", new StringContent("{\"to\":[\"a@x.test\"],\"subject\":\"s\",\"body\":\"" + new string('x', 300_000) + "\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);

        Assert.Empty((await web.GetJsonAsync("/api/alerts")).GetProperty("alerts").EnumerateArray());
    }
}
