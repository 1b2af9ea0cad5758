using System.Net;
using System.Text;
using System.Text.Json;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Integrations.Alertmanager;
using AckPoller.Core.Replies;
using AckPoller.Core.Storage;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Core.Tests.Alerts;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Integrations;

/// <summary>The silencer against the real SQLite store and a scripted Alertmanager HTTP API: what it sends for ack,
/// snooze, unack and resolve; refusals recorded and passed; outages keep the work queued, in order.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class AlertmanagerSilencerTests
{
    private sealed class ScriptedAlertmanager : HttpMessageHandler
    {
        public List<(HttpMethod Method, string Path, string Body)> Requests { get; } = [];

        public Func<HttpRequestMessage, string, HttpResponseMessage> Answer { get; set; } = (_, _) => Json(HttpStatusCode.OK, """{"silenceID":"s-1"}""");

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add((request.Method, request.RequestUri!.PathAndQuery, body));
            return Answer(request, body);
        }

        public static HttpResponseMessage Json(HttpStatusCode status, string body) =>
            new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }

    private sealed class Setup : IDisposable
    {
        public required AckWorld World { get; init; }

        public required ScriptedAlertmanager Alertmanager { get; init; }

        public required AlertmanagerSilencer Silencer { get; init; }

        public required AlertmanagerReceiver Receiver { get; init; }

        public required SqliteExternalSilenceStore Silences { get; init; }

        public void Dispose() => World.Dispose();

        public static async Task<Setup> CreateAsync()
        {
            var world = await AckWorld.CreateAsync();
            var options = new AlertmanagerIntegrationOptions { ReceiverTokenEnv = "T", Url = "http://am.test:9093", SilenceDuration = TimeSpan.FromHours(4) };
            options.DefaultTo.Add("jane@example.com");
            var am = new ScriptedAlertmanager();
            var silences = new SqliteExternalSilenceStore(world.Engine.Store.Connections);
            var silencer = new AlertmanagerSilencer(silences, world.Engine.Store.Transactions, new HttpClient(am) { BaseAddress = new Uri("http://am.test:9093/") },
                options, world.Engine.Time, NullLogger<AlertmanagerSilencer>.Instance);
            // The cursor starts at the end of the log when the silencer first runs.
            await silencer.RunOnceAsync(default);
            var receiver = new AlertmanagerReceiver(world.Engine.Store.Transactions, world.Alerts, options, world.Engine.Time, NullLogger<AlertmanagerReceiver>.Instance);
            return new Setup { World = world, Alertmanager = am, Silencer = silencer, Receiver = receiver, Silences = silences };
        }

        public async Task<Alert> RaiseAsync(string groupKey = "g1")
        {
            var reference = (await Receiver.ReceiveAsync(AlertmanagerPayload.Parse(AlertmanagerFixtures.Alertmanager(groupKey: groupKey)), default)).Raised.Single();
            return (await World.Engine.Store.Alerts.FindByReferenceAsync(reference, default))!;
        }

        public async Task ReplyAsync(Alert alert, ReplyCommand command, string? argument = null, string? comment = null) =>
            Assert.Equal(AckOutcome.Applied, (await World.RecordAsync(AckWorld.Reply(alert, command, argument: argument, comment: comment), key: Guid.NewGuid().ToString("N"))).Outcome);
    }

    [Fact]
    public async Task An_ack_creates_a_silence_matching_the_groups_labels_for_the_configured_duration()
    {
        using var s = await Setup.CreateAsync();
        var alert = await s.RaiseAsync();
        await s.ReplyAsync(alert, ReplyCommand.Ack, comment: "on it");

        Assert.Equal(1, await s.Silencer.RunOnceAsync(default));

        var (method, path, body) = Assert.Single(s.Alertmanager.Requests);
        Assert.Equal(HttpMethod.Post, method);
        Assert.Equal("/api/v2/silences", path);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal("jane@example.com", json.GetProperty("createdBy").GetString());
        Assert.Equal($"Acknowledged by jane@example.com through AckPoller [{alert.Reference}]: on it", json.GetProperty("comment").GetString());
        var matchers = json.GetProperty("matchers").EnumerateArray().Select(m => (m.GetProperty("name").GetString(), m.GetProperty("value").GetString(), m.GetProperty("isRegex").GetBoolean(), m.GetProperty("isEqual").GetBoolean())).ToList();
        Assert.Equal([("alertname", "DiskFull", false, true), ("severity", "critical", false, true), ("team", "db", false, true)], matchers);
        Assert.Equal(s.World.Engine.Time.GetUtcNow().AddHours(4), json.GetProperty("endsAt").GetDateTimeOffset());
        Assert.False(json.TryGetProperty("id", out _));
        Assert.Equal(new ExternalSilence("s-1", s.World.Engine.Time.GetUtcNow().AddHours(4), null), await s.Silences.FindSilenceAsync(alert.Id, default));

        Assert.Equal(0, await s.Silencer.RunOnceAsync(default));
        Assert.Single(s.Alertmanager.Requests);
    }

    [Fact]
    public async Task Snooze_silences_until_the_snooze_ends_extending_the_same_silence_and_unack_expires_it()
    {
        using var s = await Setup.CreateAsync();
        var alert = await s.RaiseAsync();
        await s.ReplyAsync(alert, ReplyCommand.Ack);
        await s.Silencer.RunOnceAsync(default);
        var acked = (await s.World.Engine.Store.Alerts.FindByReferenceAsync(alert.Reference, default))!;
        await s.ReplyAsync(acked, ReplyCommand.Snooze, argument: "30m");
        await s.Silencer.RunOnceAsync(default);

        var snooze = JsonDocument.Parse(s.Alertmanager.Requests[1].Body).RootElement;
        Assert.Equal("s-1", snooze.GetProperty("id").GetString());
        Assert.Equal(s.World.Engine.Time.GetUtcNow().AddMinutes(30), snooze.GetProperty("endsAt").GetDateTimeOffset());
        Assert.StartsWith("Snoozed 30m by jane@example.com", snooze.GetProperty("comment").GetString(), StringComparison.Ordinal);

        var snoozed = (await s.World.Engine.Store.Alerts.FindByReferenceAsync(alert.Reference, default))!;
        await s.ReplyAsync(snoozed, ReplyCommand.Unack);
        await s.Silencer.RunOnceAsync(default);
        Assert.Equal((HttpMethod.Delete, "/api/v2/silence/s-1"), (s.Alertmanager.Requests[2].Method, s.Alertmanager.Requests[2].Path));
        Assert.Equal(new ExternalSilence(null, null, null), await s.Silences.FindSilenceAsync(alert.Id, default) ?? new ExternalSilence(null, null, null));
    }

    [Fact]
    public async Task A_refusal_is_recorded_with_alertmanagers_words_and_the_queue_moves_on()
    {
        using var s = await Setup.CreateAsync();
        var first = await s.RaiseAsync("g1");
        var second = await s.RaiseAsync("g2");
        await s.ReplyAsync(first, ReplyCommand.Ack);
        await s.ReplyAsync(second, ReplyCommand.Ack);
        s.Alertmanager.Answer = (_, body) => body.Contains(first.Reference.ToString(), StringComparison.Ordinal)
            ? ScriptedAlertmanager.Json(HttpStatusCode.BadRequest, "\"silence invalid: end time must not be in the past\"")
            : ScriptedAlertmanager.Json(HttpStatusCode.OK, """{"silenceID":"s-2"}""");

        Assert.Equal(2, await s.Silencer.RunOnceAsync(default));

        var refused = (await s.Silences.FindSilenceAsync(first.Id, default))!;
        Assert.Null(refused.SilenceId);
        Assert.Equal("Alertmanager refused the silence: 400 \"silence invalid: end time must not be in the past\"", refused.Error);
        Assert.Equal("s-2", (await s.Silences.FindSilenceAsync(second.Id, default))!.SilenceId);
    }

    [Fact]
    public async Task While_alertmanager_is_down_nothing_is_lost_and_work_resumes_in_order()
    {
        using var s = await Setup.CreateAsync();
        var alert = await s.RaiseAsync();
        await s.ReplyAsync(alert, ReplyCommand.Ack);
        var calls = 0;
        s.Alertmanager.Answer = (_, _) => ++calls switch
        {
            1 => throw new HttpRequestException("Connection refused (am.test:9093)"),
            2 => ScriptedAlertmanager.Json(HttpStatusCode.ServiceUnavailable, "starting"),
            _ => ScriptedAlertmanager.Json(HttpStatusCode.OK, """{"silenceID":"s-9"}"""),
        };

        var down = await Assert.ThrowsAsync<AlertmanagerUnavailableException>(() => s.Silencer.RunOnceAsync(default));
        Assert.Contains("cannot be reached", down.Message, StringComparison.Ordinal);
        var failing = await Assert.ThrowsAsync<AlertmanagerUnavailableException>(() => s.Silencer.RunOnceAsync(default));
        Assert.Contains("503", failing.Message, StringComparison.Ordinal);
        Assert.Null(await s.Silences.FindSilenceAsync(alert.Id, default));

        Assert.Equal(1, await s.Silencer.RunOnceAsync(default));
        Assert.Equal("s-9", (await s.Silences.FindSilenceAsync(alert.Id, default))!.SilenceId);
    }

    [Fact]
    public async Task A_silenced_alert_that_alertmanager_no_longer_has_firing_is_resolved_and_its_silence_expired()
    {
        using var s = await Setup.CreateAsync();
        var alert = await s.RaiseAsync();
        await s.ReplyAsync(alert, ReplyCommand.Ack);
        await s.Silencer.RunOnceAsync(default);
        s.Alertmanager.Answer = (request, _) => request.Method == HttpMethod.Get
            ? ScriptedAlertmanager.Json(HttpStatusCode.OK, "[]")
            : ScriptedAlertmanager.Json(HttpStatusCode.OK, "{}");
        s.World.Engine.Time.Advance(AlertmanagerSilencer.ReconcileInterval);

        await s.Silencer.RunOnceAsync(default);
        await s.Silencer.RunOnceAsync(default);

        var query = s.Alertmanager.Requests.Single(r => r.Method == HttpMethod.Get).Path;
        Assert.Contains("filter=alertname%3D%22DiskFull%22", query, StringComparison.Ordinal);
        Assert.Contains("silenced=true", query, StringComparison.Ordinal);
        Assert.Equal(AlertState.Resolved, (await s.World.Engine.Store.Alerts.FindByReferenceAsync(alert.Reference, default))!.State);
        Assert.Contains(s.Alertmanager.Requests, r => r.Method == HttpMethod.Delete && r.Path == "/api/v2/silence/s-1");
    }
}
