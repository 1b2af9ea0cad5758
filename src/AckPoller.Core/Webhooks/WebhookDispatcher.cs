using System.Globalization;
using System.Net;
using System.Text;
using AckPoller.Core.Configuration;
using AckPoller.Core.Resilience;
using AckPoller.Core.Storage;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Webhooks;

/// <summary>One configured webhook, ready to send: its options, its signing key and its HTTP client.</summary>
internal sealed record WebhookTarget(WebhookOptions Options, byte[] Key, HttpClient Http)
{
    public string Name => Options.Name!;

    public bool Wants(string type) => Options.Events.Count == 0 || Options.Events.Contains(type);
}

/// <summary>Turns new ack-log rows and alerts into deliveries (one transaction with the cursors), then sends what is due,
/// oldest first, keeping each alert's events in order per webhook: a delivery waits while an older one for the same
/// alert is still pending. 2xx delivers; 4xx other than 408/429 is dead at once with the endpoint's words; 5xx, 408,
/// 429, timeouts, connection and TLS errors retry with exponential backoff and jitter (RetryBaseDelay, 5 s by default, doubling to 1 h) until
/// MaxAttempts, then the delivery is dead with the last reason. Headers: webhook-id (the same on every attempt),
/// webhook-timestamp, webhook-signature (<see cref="WebhookSignature"/>).</summary>
internal sealed class WebhookDispatcher
{
    public static readonly TimeSpan RetryMaxDelay = TimeSpan.FromHours(1);
    private const int EventBatch = 200;
    private const int SendBatch = 500;

    private readonly IWebhookDeliveryStore _store;
    private readonly IReadOnlyList<WebhookTarget> _targets;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<double> _jitter;

    public WebhookDispatcher(IWebhookDeliveryStore store, IReadOnlyList<WebhookTarget> targets, TimeProvider time, ILogger<WebhookDispatcher> logger, Func<double>? jitter = null)
    {
        _store = store;
        _targets = targets;
        _time = time;
        _logger = logger;
        _jitter = jitter ?? Random.Shared.NextDouble;
    }

    /// <summary>Queues new events and sends what is due; returns the number of attempts made.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await EnqueueAsync(cancellationToken);
        return await SendDueAsync(cancellationToken);
    }

    private async Task EnqueueAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var events = await _store.NewEventsAsync(EventBatch, cancellationToken);
            if (events.Log.Count == 0 && events.Alerts.Count == 0)
            {
                return;
            }

            var now = _time.GetUtcNow();
            var deliveries = new List<WebhookDelivery>();
            foreach (var alert in events.Alerts)
            {
                Add(deliveries, WebhookEventTypes.AlertRaised, WebhookPayload.EventId(alert), alert.Reference.ToString(), WebhookPayload.For(alert), now);
            }

            foreach (var entry in events.Log)
            {
                Add(deliveries, WebhookPayload.TypeOf(entry), WebhookPayload.EventId(entry), entry.AlertReference?.ToString(), WebhookPayload.For(entry), now);
            }

            await _store.EnqueueAsync(deliveries, events.LogCursor, events.AlertCursor, cancellationToken);
            if (events.Log.Count < EventBatch && events.Alerts.Count < EventBatch)
            {
                return;
            }
        }
    }

    private void Add(List<WebhookDelivery> deliveries, string type, string id, string? alert, string payload, DateTimeOffset now)
    {
        foreach (var target in _targets.Where(t => t.Wants(type)))
        {
            deliveries.Add(new WebhookDelivery
            {
                Webhook = target.Name,
                EventId = id,
                EventType = type,
                AlertReference = alert,
                Payload = payload,
                NextAttemptAt = now,
                CreatedAt = now,
            });
        }
    }

    private async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var attempts = 0;
        var blocked = new HashSet<(string, string)>();
        foreach (var delivery in await _store.PendingAsync(SendBatch, cancellationToken))
        {
            var key = (delivery.Webhook, delivery.AlertReference ?? delivery.EventId);
            var target = _targets.FirstOrDefault(t => string.Equals(t.Name, delivery.Webhook, StringComparison.Ordinal));
            if (target is null || blocked.Contains(key))
            {
                continue;
            }

            if (delivery.NextAttemptAt > _time.GetUtcNow())
            {
                blocked.Add(key);
                continue;
            }

            var after = await SendAsync(target, delivery, cancellationToken);
            attempts++;
            await _store.UpdateAsync(after, cancellationToken);
            if (after.State == WebhookDeliveryState.Pending)
            {
                blocked.Add(key);
            }
        }

        return attempts;
    }

    private async Task<WebhookDelivery> SendAsync(WebhookTarget target, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var attempt = delivery.Attempts + 1;
        int? status = null;
        string reason;
        bool retry;
        try
        {
            var timestamp = now.ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, target.Options.Url) { Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json") };
            request.Headers.Add("webhook-id", delivery.EventId);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", WebhookSignature.Sign(target.Key, delivery.EventId, timestamp, delivery.Payload));
            using var deadline = new CancellationTokenSource(target.Options.Timeout, _time);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            using var response = await target.Http.SendAsync(request, timeout.Token);
            status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return delivery with { State = WebhookDeliveryState.Delivered, Attempts = attempt, LastStatus = status, LastError = null, DeliveredAt = now };
            }

            var body = await ReadSomeAsync(response, timeout.Token);
            retry = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            reason = $"{status} {response.ReasonPhrase}{(body.Length > 0 ? ": " + body : string.Empty)}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            retry = true;
            reason = $"no answer within {target.Options.Timeout.TotalSeconds:0} s";
        }
        catch (HttpRequestException ex)
        {
            retry = true;
            reason = ex.InnerException is System.Security.Authentication.AuthenticationException tls
                ? $"TLS error: {tls.Message}"
                : $"connection error: {ex.Message}";
        }

        if (!retry)
        {
            WebhooksLog.DeliveryRefused(_logger, target.Name, delivery.EventId, reason, delivery.Id);
            return delivery with { State = WebhookDeliveryState.Dead, Attempts = attempt, LastStatus = status, LastError = "refused: " + reason };
        }

        if (attempt >= target.Options.MaxAttempts)
        {
            WebhooksLog.DeliveryGaveUp(_logger, target.Name, delivery.EventId, attempt, reason);
            return delivery with { State = WebhookDeliveryState.Dead, Attempts = attempt, LastStatus = status, LastError = $"gave up after {attempt} attempts: {reason}" };
        }

        var next = now + Backoff.Delay(attempt, target.Options.RetryBaseDelay, RetryMaxDelay, _jitter());
        WebhooksLog.DeliveryAttemptFailed(_logger, target.Name, attempt, delivery.EventId, reason, next);
        return delivery with { Attempts = attempt, LastStatus = status, LastError = reason, NextAttemptAt = next };
    }

    private static async Task<string> ReadSomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            text = string.Concat(text.Where(c => !char.IsControl(c))).Trim();
            return text.Length <= 300 ? text : text[..300] + "…";
        }
        catch (HttpRequestException)
        {
            return string.Empty;
        }
    }
}
