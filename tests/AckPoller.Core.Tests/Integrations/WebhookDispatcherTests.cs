using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Replies;
using AckPoller.Core.Storage;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Core.Tests.Alerts;
using AckPoller.Core.Webhooks;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Integrations;

/// <summary>Webhooks against the real SQLite store and a scripted endpoint: events from the ack log and alerts, Standard
/// Webhooks signatures, retry classification, order per alert, dead deliveries and redelivery with the same id.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class WebhookDispatcherTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private sealed class Endpoint : HttpMessageHandler
    {
        public List<(Dictionary<string, string> Headers, string Body)> Received { get; } = [];

        public Func<int, HttpResponseMessage> Answer { get; set; } = _ => new HttpResponseMessage(HttpStatusCode.NoContent);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            Received.Add((request.Headers.Where(h => h.Key.StartsWith("webhook-", StringComparison.Ordinal)).ToDictionary(h => h.Key, h => h.Value.Single()), body));
            return Answer(Received.Count);
        }
    }

    private static async Task<(AckWorld World, Endpoint Endpoint, WebhookDispatcher Dispatcher, SqliteWebhookDeliveryStore Store)> CreateAsync(Action<WebhookOptions>? configure = null)
    {
        var world = await AckWorld.CreateAsync();
        var options = new WebhookOptions { Name = "chat", Url = "https://hooks.example/ackpoller", SecretEnv = "X", MaxAttempts = 4 };
        configure?.Invoke(options);
        var endpoint = new Endpoint();
        Assert.True(WebhookSignature.TryParseSecret(Secret, out var key, out _));
        var store = new SqliteWebhookDeliveryStore(world.Engine.Store.Connections);
        var dispatcher = new WebhookDispatcher(store, [new WebhookTarget(options, key, new HttpClient(endpoint))], world.Engine.Time, NullLogger<WebhookDispatcher>.Instance, () => 1.0);
        await dispatcher.RunOnceAsync(default);
        return (world, endpoint, dispatcher, store);
    }

    [Fact]
    public void Signs_as_the_standard_webhooks_reference_does()
    {
        Assert.True(WebhookSignature.TryParseSecret(Secret, out var key, out _));
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSignature.Sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"));
    }

    [Theory]
    [InlineData("short", false)]
    [InlineData("whsec_!!!notbase64", false)]
    [InlineData("whsec_c2hvcnQ=", false)]
    [InlineData("a-plain-secret-of-24-chars", true)]
    public void Secrets_are_checked(string secret, bool ok) => Assert.Equal(ok, WebhookSignature.TryParseSecret(secret, out _, out _));

    [Fact]
    public async Task Raised_alerts_and_ack_log_rows_are_delivered_signed_in_order()
    {
        var (world, endpoint, dispatcher, _) = await CreateAsync();
        using var _ = world;
        var alert = await world.RaiseAsync();
        await world.RecordAsync(AckWorld.Reply(alert, ReplyCommand.Ack, comment: "on it"));

        Assert.Equal(2, await dispatcher.RunOnceAsync(default));

        Assert.Equal(["alert.raised", "ack.applied"], endpoint.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()));
        var (headers, body) = endpoint.Received[1];
        var data = JsonDocument.Parse(body).RootElement.GetProperty("data");
        Assert.Equal(alert.Reference.ToString(), data.GetProperty("alert_reference").GetString());
        Assert.Equal("ack", data.GetProperty("action").GetString());
        Assert.Equal("on it", data.GetProperty("comment").GetString());
        Assert.Equal("jane@example.com", data.GetProperty("actor").GetProperty("address").GetString());
        // Verify as a receiver would, independently of the signing code.
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(Secret["whsec_".Length..]),
            Encoding.UTF8.GetBytes($"{headers["webhook-id"]}.{headers["webhook-timestamp"]}.{body}")));
        Assert.Equal("v1," + expected, headers["webhook-signature"]);
        Assert.Equal(world.Engine.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), headers["webhook-timestamp"]);
        Assert.Equal(0, await dispatcher.RunOnceAsync(default));
    }

    [Fact]
    public async Task Server_errors_retry_with_backoff_holding_later_events_of_the_same_alert_and_keep_the_id()
    {
        var (world, endpoint, dispatcher, store) = await CreateAsync();
        using var _ = world;
        var alert = await world.RaiseAsync();
        endpoint.Answer = n => n == 1 ? new HttpResponseMessage(HttpStatusCode.InternalServerError) : new HttpResponseMessage(HttpStatusCode.OK);
        await world.RecordAsync(AckWorld.Reply(alert, ReplyCommand.Ack));

        Assert.Equal(1, await dispatcher.RunOnceAsync(default));
        var waiting = (await store.ListAsync(WebhookDeliveryState.Pending, null, 10, default)).OrderBy(d => d.Id).ToList();
        Assert.Equal(1, waiting[0].Attempts);
        Assert.Equal("500 Internal Server Error", waiting[0].LastError);
        Assert.Equal(world.Engine.Time.GetUtcNow() + TimeSpan.FromSeconds(5), waiting[0].NextAttemptAt);
        Assert.Equal(0, waiting[1].Attempts);

        Assert.Equal(0, await dispatcher.RunOnceAsync(default));
        world.Engine.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, await dispatcher.RunOnceAsync(default));
        Assert.Equal(endpoint.Received[0].Headers["webhook-id"], endpoint.Received[1].Headers["webhook-id"]);
        Assert.Equal(["alert.raised", "alert.raised", "ack.applied"], endpoint.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()));
        Assert.Empty(await store.ListAsync(WebhookDeliveryState.Pending, null, 10, default));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.Gone, false)]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    public async Task Client_errors_are_dead_at_once_except_408_and_429(HttpStatusCode status, bool retried)
    {
        var (world, endpoint, dispatcher, store) = await CreateAsync();
        using var _ = world;
        endpoint.Answer = _ => new HttpResponseMessage(status) { Content = new StringContent("nope") };
        await world.RaiseAsync();

        await dispatcher.RunOnceAsync(default);

        var delivery = (await store.ListAsync(null, null, 10, default)).Single();
        Assert.Equal(retried ? WebhookDeliveryState.Pending : WebhookDeliveryState.Dead, delivery.State);
        Assert.Equal((int)status, delivery.LastStatus);
        Assert.EndsWith("nope", delivery.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_errors_retry_until_max_attempts_then_dead_and_redelivery_sends_the_same_id()
    {
        var (world, endpoint, dispatcher, store) = await CreateAsync();
        using var _ = world;
        endpoint.Answer = _ => throw new HttpRequestException("Connection refused (hooks.example:443)");
        await world.RaiseAsync();

        for (var i = 0; i < 4; i++)
        {
            await dispatcher.RunOnceAsync(default);
            world.Engine.Time.Advance(TimeSpan.FromHours(1));
        }

        var dead = (await store.ListAsync(WebhookDeliveryState.Dead, "chat", 10, default)).Single();
        Assert.Equal(4, dead.Attempts);
        Assert.Equal("gave up after 4 attempts: connection error: Connection refused (hooks.example:443)", dead.LastError);

        endpoint.Answer = _ => new HttpResponseMessage(HttpStatusCode.OK);
        Assert.True(await store.RedeliverAsync(dead.Id, world.Engine.Time.GetUtcNow(), default));
        Assert.Equal(1, await dispatcher.RunOnceAsync(default));
        Assert.Equal(WebhookDeliveryState.Delivered, (await store.FindAsync(dead.Id, default))!.State);
        Assert.Single(endpoint.Received.Select(r => r.Headers["webhook-id"]).Distinct());
        Assert.False(await store.RedeliverAsync(99_999, world.Engine.Time.GetUtcNow(), default));
    }

    [Fact]
    public async Task Event_filters_choose_what_a_webhook_receives()
    {
        var (world, endpoint, dispatcher, _) = await CreateAsync(o => o.Events.Add("ack.applied"));
        using var _ = world;
        var alert = await world.RaiseAsync();
        await world.RecordAsync(AckWorld.Reply(alert, ReplyCommand.Ack));

        await dispatcher.RunOnceAsync(default);

        Assert.Equal("ack.applied", JsonDocument.Parse(Assert.Single(endpoint.Received).Body).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_hanging_endpoint_is_a_failed_attempt_after_the_timeout()
    {
        var (world, _, _, store) = await CreateAsync();
        using var disposeWorld = world;
        var handler = new HangingEndpoint();
        var options = new WebhookOptions { Name = "slow", Url = "https://slow.example/", SecretEnv = "X", Timeout = TimeSpan.FromSeconds(10) };
        Assert.True(WebhookSignature.TryParseSecret(Secret, out var key, out _));
        var slow = new WebhookDispatcher(store, [new WebhookTarget(options, key, new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan })], world.Engine.Time, NullLogger<WebhookDispatcher>.Instance, () => 1.0);
        await store.EnqueueAsync([new WebhookDelivery { Webhook = "slow", EventId = "msg_x", EventType = "alert.raised", Payload = "{}", NextAttemptAt = world.Engine.Time.GetUtcNow(), CreatedAt = world.Engine.Time.GetUtcNow() }], 0, 0, default);

        var run = slow.RunOnceAsync(default);
        await handler.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        world.Engine.Time.Advance(TimeSpan.FromSeconds(10));
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        var delivery = (await store.ListAsync(null, "slow", 10, default)).Single();
        Assert.Equal(WebhookDeliveryState.Pending, delivery.State);
        Assert.Equal("no answer within 10 s", delivery.LastError);
    }

    [Fact]
    public async Task A_tls_failure_is_retried_with_a_clear_reason()
    {
        var (world, endpoint, dispatcher, store) = await CreateAsync();
        using var _ = world;
        endpoint.Answer = _ => throw new HttpRequestException("The SSL connection could not be established, see inner exception.",
            new System.Security.Authentication.AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot"));
        await world.RaiseAsync();

        await dispatcher.RunOnceAsync(default);

        var delivery = (await store.ListAsync(null, null, 10, default)).Single();
        Assert.Equal(WebhookDeliveryState.Pending, delivery.State);
        Assert.Equal("TLS error: The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot", delivery.LastError);
    }

    private sealed class HangingEndpoint : HttpMessageHandler
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
