using System.Text.Json.Serialization;
using AckPoller.Core.Alerts;
using AckPoller.Core.Integrations.Alertmanager;

namespace AckPoller.Core.Reporting;

/// <summary>One alert with its whole acknowledgement log, oldest first: what `ackpoller alert show --json` prints and
/// GET /api/alerts/{ref} returns ({"alert": {…}, "log": […]} in ReportJson's shape).</summary>
public sealed record AlertDetails(Alert Alert, IReadOnlyList<AckLogEntry> Log)
{
    /// <summary>The Alertmanager silence made for this alert's acknowledgement, or why making it failed (alerts from
    /// Alertmanager only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AlertSilence? Silence { get; init; }

    /// <summary>Adds the alert's silence, when it has one, linked to Alertmanager's UI under <paramref name="alertmanagerUrl"/>.</summary>
    public async Task<AlertDetails> WithSilenceAsync(IExternalSilenceStore silences, string? alertmanagerUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silences);
        return await silences.FindSilenceAsync(Alert.Id, cancellationToken) is { } found
            ? this with { Silence = new AlertSilence(found.SilenceId, found.Until, found.Error,
                found.SilenceId is not null && !string.IsNullOrWhiteSpace(alertmanagerUrl) ? $"{alertmanagerUrl.TrimEnd('/')}/#/silences/{Uri.EscapeDataString(found.SilenceId)}" : null) }
            : this;
    }

    /// <summary>Null when no alert has the reference.</summary>
    public static async Task<AlertDetails?> LoadAsync(IAlertStore alerts, IAckLogStore log, AlertReference reference, CancellationToken cancellationToken)
    {
        var alert = await alerts.FindByReferenceAsync(reference, cancellationToken);
        if (alert is null)
        {
            return null;
        }

        var entries = new List<AckLogEntry>();
        AckLogCursor? after = null;
        do
        {
            var page = await log.QueryAsync(new AckLogQuery { Alert = reference, Limit = AckLogQuery.MaxLimit, After = after }, cancellationToken);
            entries.AddRange(page.Entries);
            after = page.Next;
        }
        while (after is not null);

        entries.Reverse();
        return new AlertDetails(alert, entries);
    }
}

/// <summary>An alert's Alertmanager silence: its id and end, or the reason Alertmanager refused it; the link opens it in Alertmanager's UI.</summary>
public sealed record AlertSilence(string? Id, DateTimeOffset? Until, string? Error, string? Link);
