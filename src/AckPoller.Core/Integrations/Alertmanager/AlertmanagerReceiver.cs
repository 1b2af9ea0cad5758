using System.Security.Cryptography;
using System.Text;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Integrations.Alertmanager;

/// <summary>What one notification did.</summary>
internal sealed record AlertmanagerReceipt(IReadOnlyList<AlertReference> Raised, IReadOnlyList<AlertReference> Updated,
    IReadOnlyList<AlertReference> Resolved, int Unchanged);

/// <summary>No recipient could be chosen for a firing alert (no route matched and DefaultTo is empty).</summary>
internal sealed class AlertmanagerRoutingException(string message) : Exception(message);

/// <summary>Turns Alertmanager / Grafana notifications into AckPoller alerts. Identity is the group key (Grouping=Group)
/// or the alert fingerprint (Grouping=Alert), linked to the AckPoller alert in the same transaction that raises it, so
/// repeat notifications, retries and concurrent deliveries never raise twice. A firing group whose alerts changed keeps
/// its alert and gets a log line; "resolved" resolves it (actor "alertmanager"); a group firing again after it was
/// resolved is a new incident and raises a new alert. Every recipient is chosen before anything is written.</summary>
internal sealed class AlertmanagerReceiver
{
    public const string Source = "alertmanager";
    public const string Actor = "alertmanager";
    private const string OverrideName = "ackpoller_to";

    private readonly IUnitOfWorkFactory _transactions;
    private readonly AlertService _alerts;
    private readonly AlertmanagerIntegrationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<(IReadOnlyList<LabelMatcher> Matchers, IReadOnlyList<string> To)> _routes;

    public AlertmanagerReceiver(IUnitOfWorkFactory transactions, AlertService alerts, AlertmanagerIntegrationOptions options, TimeProvider time, ILogger<AlertmanagerReceiver> logger)
    {
        _transactions = transactions;
        _alerts = alerts;
        _options = options;
        _time = time;
        _logger = logger;
        _routes = options.Routes.Select(r => ((IReadOnlyList<LabelMatcher>)r.Matchers.Select(Parse).ToList(), (IReadOnlyList<string>)r.To.ToList())).ToList();
    }

    public async Task<AlertmanagerReceipt> ReceiveAsync(AlertmanagerNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var units = Units(notification);
        // Choose every recipient first: a notification that cannot be routed creates nothing.
        var recipients = units.Select(u => u.Firing ? Recipients(u) : []).ToList();
        var raised = new List<AlertReference>();
        var updated = new List<AlertReference>();
        var resolved = new List<AlertReference>();
        var unchanged = 0;
        for (var i = 0; i < units.Count; i++)
        {
            var unit = units[i];
            var now = _time.GetUtcNow();
            await using var work = await _transactions.BeginAsync(cancellationToken);
            var link = await work.FindExternalAlertAsync(Source, unit.Key, cancellationToken);
            var alert = link is null ? null : await work.FindAlertAsync(link.AlertId, cancellationToken);
            var digest = Digest(unit.Alerts);
            if (unit.Firing)
            {
                if (alert is null || alert.State == AlertState.Resolved)
                {
                    var created = await _alerts.RaiseInAsync(work, new RaiseAlertRequest
                    {
                        Subject = AlertmanagerAlertText.Subject(notification, unit.Alerts, unit.Labels),
                        Body = AlertmanagerAlertText.Body(notification, unit.Alerts, unit.Annotations),
                        Severity = AlertmanagerAlertText.Severity(unit.Labels, unit.Alerts),
                        Source = notification.IsGrafana ? "grafana" : "alertmanager",
                        Recipients = recipients[i],
                    }, cancellationToken);
                    await work.SaveExternalAlertAsync(new ExternalAlertLink(Source, unit.Key, created.Id, digest, unit.Labels, now), cancellationToken);
                    await work.CommitAsync(cancellationToken);
                    raised.Add(created.Reference);
                    AlertmanagerLog.AlertRaised(_logger, created.Reference, Shorten(unit.Key));
                }
                else if (link!.Digest != digest)
                {
                    var firing = unit.Alerts.Where(a => a.IsFiring).ToList();
                    await work.AppendAckLogAsync(SystemEntry(alert, AckAction.Note, now, unit.Key, digest,
                        $"{firing.Count} of {unit.Alerts.Count} alerts firing: {string.Join(", ", firing.Select(a => a.Name).Distinct(StringComparer.Ordinal).Take(10))}",
                        "the alerts in this Alertmanager group changed"), cancellationToken);
                    await work.SaveExternalAlertAsync(link with { Digest = digest, Matchers = unit.Labels, UpdatedAt = now }, cancellationToken);
                    await work.CommitAsync(cancellationToken);
                    updated.Add(alert.Reference);
                }
                else
                {
                    unchanged++;
                }
            }
            else if (alert is not null && alert.State != AlertState.Resolved)
            {
                await ResolveAsync(work, alert, link! with { Digest = digest, Matchers = unit.Labels, UpdatedAt = now }, "Alertmanager reported it resolved", Notice, cancellationToken);
                await work.CommitAsync(cancellationToken);
                resolved.Add(alert.Reference);
                AlertmanagerLog.AlertResolved(_logger, alert.Reference);
            }
            else
            {
                unchanged++;
            }
        }

        return new AlertmanagerReceipt(raised, updated, resolved, unchanged);
    }

    /// <summary>Resolves <paramref name="alert"/> as Alertmanager (log line with actor "alertmanager") and saves the link, in <paramref name="work"/>.
    /// With <paramref name="notice"/> (Integrations:Alertmanager:EmailWhenResolved), the recipients are told by email.</summary>
    internal static async Task ResolveAsync(IUnitOfWork work, Alert alert, ExternalAlertLink link, string reason, AlertEmailComposer? notice, CancellationToken cancellationToken)
    {
        var now = link.UpdatedAt;
        await work.UpdateAlertStateAsync(alert with { State = AlertState.Resolved, SnoozedUntil = null, UpdatedAt = now }, cancellationToken);
        await work.AppendAckLogAsync(SystemEntry(alert, AckAction.Resolve, now, link.Key, link.Digest, null, reason), cancellationToken);
        await work.SaveExternalAlertAsync(link, cancellationToken);
        if (notice is not null && alert.Recipients.Count > 0)
        {
            var email = notice.ComposeResolvedBySource(alert, "Alertmanager", now);
            await work.EnqueueOutboxAsync(new Outbox.OutboxMessage
            {
                Kind = Outbox.OutboxKind.Alert,
                AlertId = alert.Id,
                Recipients = alert.Recipients,
                MessageId = email.MessageId,
                Raw = email.Bytes,
                CreatedAt = now,
                NextAttemptAt = now,
            }, cancellationToken);
        }
    }

    /// <summary>The composer for "resolved" notices when Integrations:Alertmanager:EmailWhenResolved is on.</summary>
    internal AlertEmailComposer? Notice => _options.EmailWhenResolved ? _alerts.Composer : null;

    private List<Unit> Units(AlertmanagerNotification notification)
    {
        if (_options.Grouping == AlertmanagerGrouping.Alert)
        {
            return notification.Alerts
                .GroupBy(a => a.Fingerprint, StringComparer.Ordinal)
                .Select(g => g.Last())
                .Select(a => new Unit("alert:" + a.Fingerprint, a.IsFiring, [a], a.Labels, a.Annotations))
                .ToList();
        }

        var labels = notification.CommonLabels.Count > 0 ? notification.CommonLabels : notification.GroupLabels;
        return [new Unit("group:" + notification.GroupKey, notification.IsFiring && notification.Alerts.Any(a => a.IsFiring),
            notification.Alerts, labels, notification.CommonAnnotations)];
    }

    private List<string> Recipients(Unit unit)
    {
        if (_options.AllowRecipientOverride)
        {
            var text = unit.Labels.GetValueOrDefault(OverrideName) ?? unit.Annotations.GetValueOrDefault(OverrideName);
            if (!string.IsNullOrWhiteSpace(text))
            {
                var addresses = text.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
                var bad = addresses.FirstOrDefault(a => !RecipientAddress.IsValid(a));
                if (bad is not null || addresses.Count == 0)
                {
                    throw new AlertmanagerPayloadException(OverrideName, $"'{bad}' is not an email address.");
                }

                return addresses;
            }
        }

        foreach (var (matchers, to) in _routes)
        {
            if (matchers.All(m => m.Matches(unit.Labels)))
            {
                return to.ToList();
            }
        }

        return _options.DefaultTo.Count > 0
            ? _options.DefaultTo.ToList()
            : throw new AlertmanagerRoutingException($"No route in {AlertmanagerIntegrationOptions.Key}:Routes matches labels {{{string.Join(", ", unit.Labels.Select(l => $"{l.Key}={l.Value}"))}}} and {AlertmanagerIntegrationOptions.Key}:DefaultTo is empty.");
    }

    private static AckLogEntry SystemEntry(Alert alert, AckAction action, DateTimeOffset now, string key, string digest, string? comment, string reason) => new()
    {
        AlertId = alert.Id,
        AlertReference = alert.Reference,
        Action = action,
        ActorAddress = Actor,
        ActorName = "Alertmanager",
        ReceivedAt = now,
        ProcessedAt = now,
        Account = Source,
        Protocol = "http",
        MessageKey = "am:" + Hash(key) + ":" + digest,
        Comment = comment,
        Outcome = AckOutcome.Applied,
        Reason = reason,
    };

    /// <summary>Which alerts are in the unit and in which state, order-independent.</summary>
    private static string Digest(IReadOnlyList<AlertmanagerAlert> alerts) =>
        Hash(string.Join('\n', alerts.Select(a => a.Fingerprint + ":" + a.Status).Order(StringComparer.Ordinal)));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    private static LabelMatcher Parse(string text) =>
        LabelMatcher.TryParse(text, out var matcher, out var why) ? matcher : throw new ConfigurationException([$"{AlertmanagerIntegrationOptions.Key}:Routes: '{text}' {why}"]);

    private static string Shorten(string key) => key.Length <= 120 ? key : key[..120] + "…";

    private sealed record Unit(string Key, bool Firing, IReadOnlyList<AlertmanagerAlert> Alerts,
        IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);
}
