using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Integrations.Alertmanager;

/// <summary>Alertmanager could not be reached or failed (connection error, timeout, 5xx): the work stays queued.</summary>
internal sealed class AlertmanagerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Acknowledgements out: an applied <c>ack</c> on an alert raised from Alertmanager creates a silence whose
/// equality matchers are the group's common labels (or the alert's labels), ending after SilenceDuration; <c>snooze</c>
/// silences until the snooze ends; <c>unack</c> and <c>resolve</c> expire it. Work comes from the ack log after a stored
/// cursor (<see cref="IExternalSilenceStore"/>), so it survives restarts and outages and never blocks reply
/// processing; a refusal (4xx) is recorded with Alertmanager's words and the queue moves on; an outage stops the run
/// and the caller retries with backoff.</summary>
internal sealed class AlertmanagerSilencer
{
    public const string Cursor = "alertmanager-silences";
    private const int BatchSize = 50;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>How often silenced, unresolved alerts are looked up in Alertmanager (it sends no resolved notification for them).</summary>
    public static readonly TimeSpan ReconcileInterval = TimeSpan.FromSeconds(15);

    private readonly IExternalSilenceStore _store;
    private readonly IUnitOfWorkFactory _transactions;
    private readonly AlertEmailComposer? _notice;
    private DateTimeOffset _lastReconcile = DateTimeOffset.MinValue;
    private readonly HttpClient _http;
    private readonly AlertmanagerIntegrationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="notice">The composer for "resolved" notices (Integrations:Alertmanager:EmailWhenResolved), or null.</param>
    public AlertmanagerSilencer(IExternalSilenceStore store, IUnitOfWorkFactory transactions, HttpClient http, AlertmanagerIntegrationOptions options, TimeProvider time,
        ILogger<AlertmanagerSilencer> logger, AlertEmailComposer? notice = null)
    {
        _notice = notice;
        _store = store;
        _transactions = transactions;
        _http = http;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Acts on every pending row in order; returns how many were done.</summary>
    /// <exception cref="AlertmanagerUnavailableException">Alertmanager is unreachable or failing; the rest stays queued.</exception>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var done = 0;
        while (true)
        {
            var work = await _store.PendingAsync(Cursor, AlertmanagerReceiver.Source, BatchSize, cancellationToken);
            foreach (var item in work)
            {
                var outcome = item.Action switch
                {
                    AckAction.Ack => await SilenceAsync(item, item.ProcessedAt + _options.SilenceDuration, cancellationToken),
                    AckAction.Snooze when SnoozeDuration.TryParse(item.Argument, out var snooze) => await SilenceAsync(item, item.ProcessedAt + snooze, cancellationToken),
                    AckAction.Snooze => new ExternalSilence(item.SilenceId, null, $"snooze '{item.Argument}' has no duration; no silence made"),
                    _ => await ExpireAsync(item, cancellationToken),
                };
                await _store.CompleteAsync(Cursor, item.LogId, AlertmanagerReceiver.Source, item.Key, outcome, cancellationToken);
                done++;
            }

            if (work.Count < BatchSize)
            {
                if (_time.GetUtcNow() - _lastReconcile >= ReconcileInterval)
                {
                    done += await ReconcileAsync(cancellationToken);
                    _lastReconcile = _time.GetUtcNow();
                }

                return done;
            }
        }
    }

    private async Task<ExternalSilence> SilenceAsync(SilenceWork item, DateTimeOffset endsAt, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (item.Matchers.Count == 0)
        {
            return new ExternalSilence(item.SilenceId, null, "the Alertmanager group has no common labels to match; no silence made");
        }

        if (endsAt <= now)
        {
            return new ExternalSilence(item.SilenceId, null, $"the silence would have ended at {AckText.Time(endsAt)}, before Alertmanager could be reached");
        }

        var comment = $"{Verb(item)} by {item.ActorAddress ?? "someone"} through AckPoller [{item.Alert}]" + (string.IsNullOrWhiteSpace(item.Comment) ? "." : $": {item.Comment.Trim()}");
        var body = new SilenceBody(item.SilenceId,
            item.Matchers.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new MatcherBody(m.Key, m.Value, false, true)).ToList(),
            now, endsAt, item.ActorAddress ?? "ackpoller", comment.Length > 1000 ? comment[..1000] : comment);
        var (status, text) = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "api/v2/silences") { Content = JsonContent.Create(body, options: Json) }, cancellationToken);
        if (status == HttpStatusCode.NotFound && item.SilenceId is not null)
        {
            // The silence to extend is gone (expired and garbage-collected): make a new one.
            return await SilenceAsync(item with { SilenceId = null }, endsAt, cancellationToken);
        }

        if ((int)status is >= 200 and < 300)
        {
            var id = JsonSerializer.Deserialize<SilenceCreated>(text, Json)?.SilenceId;
            AlertmanagerLog.SilenceMade(_logger, id, item.Alert, endsAt);
            return new ExternalSilence(id ?? item.SilenceId, endsAt, null);
        }

        AlertmanagerLog.SilenceRefused(_logger, item.Alert, (int)status, Shorten(text));
        return new ExternalSilence(item.SilenceId, null, $"Alertmanager refused the silence: {(int)status} {Shorten(text)}");
    }

    /// <summary>Alertmanager mutes resolved notifications of silenced alerts, so an acknowledged alert would stay open after
    /// its source recovered. For each silenced, unresolved alert, ask Alertmanager whether any alert matching the
    /// silence's labels is still firing (silenced or not); when none is, resolve the AckPoller alert as Alertmanager,
    /// and the resolve row then expires the silence through the queue.</summary>
    private async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        var resolved = 0;
        foreach (var link in await _store.SilencedUnresolvedAsync(AlertmanagerReceiver.Source, cancellationToken))
        {
            if (link.Matchers.Count == 0)
            {
                continue;
            }

            var query = "api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true&"
                + string.Join('&', link.Matchers.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => "filter=" + Uri.EscapeDataString($"{m.Key}=\"{m.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"")));
            var (status, text) = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, query), cancellationToken);
            if ((int)status is < 200 or >= 300)
            {
                AlertmanagerLog.AlertQueryRefused(_logger, link.Key, (int)status, Shorten(text));
                continue;
            }

            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array || document.RootElement.GetArrayLength() > 0)
            {
                continue;
            }

            await using var work = await _transactions.BeginAsync(cancellationToken);
            var alert = await work.FindAlertAsync(link.AlertId, cancellationToken);
            if (alert is null || alert.State == AlertState.Resolved)
            {
                continue;
            }

            await AlertmanagerReceiver.ResolveAsync(work, alert, link with { UpdatedAt = _time.GetUtcNow() },
                "Alertmanager no longer has it firing (its resolved notification is muted by the silence)", _notice, cancellationToken);
            await work.CommitAsync(cancellationToken);
            AlertmanagerLog.ResolvedWhileSilenced(_logger, alert.Reference);
            resolved++;
        }

        return resolved;
    }

    private async Task<ExternalSilence> ExpireAsync(SilenceWork item, CancellationToken cancellationToken)
    {
        if (item.SilenceId is null)
        {
            return new ExternalSilence(null, null, null);
        }

        var (status, text) = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, "api/v2/silence/" + Uri.EscapeDataString(item.SilenceId)), cancellationToken);
        if ((int)status is >= 200 and < 300 || status == HttpStatusCode.NotFound || text.Contains("already expired", StringComparison.OrdinalIgnoreCase))
        {
            AlertmanagerLog.SilenceExpired(_logger, item.SilenceId, item.Alert, item.Action);
            return new ExternalSilence(null, null, null);
        }

        return new ExternalSilence(item.SilenceId, null, $"Alertmanager refused to expire silence {item.SilenceId}: {(int)status} {Shorten(text)}");
    }

    /// <summary>One request; 5xx, timeouts and connection errors become <see cref="AlertmanagerUnavailableException"/>.</summary>
    private async Task<(HttpStatusCode Status, string Text)> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        try
        {
            using var message = request();
            using var response = await _http.SendAsync(message, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if ((int)response.StatusCode >= 500 && !text.Contains("already expired", StringComparison.OrdinalIgnoreCase))
            {
                throw new AlertmanagerUnavailableException($"Alertmanager answered {(int)response.StatusCode}: {Shorten(text)}");
            }

            return (response.StatusCode, text);
        }
        catch (HttpRequestException ex)
        {
            throw new AlertmanagerUnavailableException($"Alertmanager at {_http.BaseAddress} cannot be reached: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AlertmanagerUnavailableException($"Alertmanager at {_http.BaseAddress} did not answer within {_http.Timeout.TotalSeconds:0} s.", ex);
        }
    }

    private static string Verb(SilenceWork item) => item.Action == AckAction.Snooze ? $"Snoozed {item.Argument}" : "Acknowledged";

    private static string Shorten(string text)
    {
        var line = string.Concat(text.Where(c => !char.IsControl(c))).Trim();
        return line.Length <= 300 ? line : line[..300] + "…";
    }

    private sealed record MatcherBody(string Name, string Value, bool IsRegex, bool IsEqual);

    private sealed record SilenceBody(
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
        IReadOnlyList<MatcherBody> Matchers, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string CreatedBy, string Comment);

    private sealed record SilenceCreated([property: JsonPropertyName("silenceID")] string? SilenceId);
}
