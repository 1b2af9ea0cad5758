using System.Text;

namespace AckPoller.Core.Integrations.Alertmanager;

/// <summary>The subject and body of the AckPoller alert raised for a notification: the alert name, severity,
/// summary/description annotations, labels and the generator/dashboard/runbook links; long groups are shortened.</summary>
internal static class AlertmanagerAlertText
{
    public const int MaxAlertsListed = 50;
    private const int MaxSubjectLength = 200;

    public static string Subject(AlertmanagerNotification notification, IReadOnlyList<AlertmanagerAlert> alerts, IReadOnlyDictionary<string, string> labels)
    {
        var firing = alerts.Count(a => a.IsFiring);
        string subject;
        if (notification.IsGrafana && !string.IsNullOrWhiteSpace(notification.Title) && alerts.Count > 1)
        {
            subject = notification.Title!;
        }
        else
        {
            var name = labels.TryGetValue("alertname", out var n) && n.Length > 0 ? n : alerts[0].Name;
            var distinct = alerts.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count();
            subject = alerts.Count == 1 ? name : $"{name}{(distinct > 1 ? " and others" : string.Empty)} ({firing} firing)";
            var summary = Annotation(labels, alerts, "summary");
            if (summary is not null)
            {
                subject += ": " + summary;
            }
        }

        subject = string.Concat(subject.Select(c => char.IsControl(c) ? ' ' : c)).Trim();
        return subject.Length <= MaxSubjectLength ? subject : subject[..(MaxSubjectLength - 1)] + "…";
    }

    public static string? Severity(IReadOnlyDictionary<string, string> labels, IReadOnlyList<AlertmanagerAlert> alerts)
    {
        var value = labels.TryGetValue("severity", out var s) ? s : alerts[0].Labels.GetValueOrDefault("severity");
        return string.IsNullOrWhiteSpace(value) ? null : Clean(value, 100);
    }

    public static string Body(AlertmanagerNotification notification, IReadOnlyList<AlertmanagerAlert> alerts, IReadOnlyDictionary<string, string> annotations)
    {
        var text = new StringBuilder();
        foreach (var name in new[] { "summary", "description" })
        {
            if (annotations.TryGetValue(name, out var value) && value.Length > 0)
            {
                text.Append(value.Trim()).Append("\n\n");
            }
        }

        var listed = 0;
        foreach (var alert in alerts)
        {
            if (listed++ == MaxAlertsListed)
            {
                text.Append("… and ").Append(alerts.Count - MaxAlertsListed).Append(" more alerts in this group.\n");
                break;
            }

            text.Append('[').Append(alert.Status.ToUpperInvariant()).Append("] ").Append(alert.Name);
            if (alert.StartsAt is { } started)
            {
                text.Append(" since ").Append(started.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture));
            }

            text.Append('\n');
            foreach (var (key, value) in alert.Annotations)
            {
                if (!annotations.ContainsKey(key) && key is "summary" or "description")
                {
                    text.Append("  ").Append(key).Append(": ").Append(value.Trim()).Append('\n');
                }
            }

            text.Append("  labels: ").Append(string.Join(", ", alert.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))).Append('\n');
            AppendLink(text, "source", alert.GeneratorUrl);
            AppendLink(text, "dashboard", alert.DashboardUrl);
            AppendLink(text, "panel", alert.PanelUrl);
            AppendLink(text, "runbook", Runbook(alert.Annotations) ?? Runbook(annotations));
        }

        if (notification.TruncatedAlerts > 0)
        {
            text.Append("(Alertmanager left out ").Append(notification.TruncatedAlerts).Append(" more alerts.)\n");
        }

        if (!string.IsNullOrWhiteSpace(notification.ExternalUrl))
        {
            text.Append("\nAlertmanager: ").Append(notification.ExternalUrl).Append('\n');
        }

        return text.ToString().TrimEnd();
    }

    private static string? Runbook(IReadOnlyDictionary<string, string> annotations) =>
        annotations.TryGetValue("runbook_url", out var url) && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? url : null;

    private static void AppendLink(StringBuilder text, string name, string? url)
    {
        if (!string.IsNullOrEmpty(url))
        {
            text.Append("  ").Append(name).Append(": ").Append(url).Append('\n');
        }
    }

    private static string? Annotation(IReadOnlyDictionary<string, string> common, IReadOnlyList<AlertmanagerAlert> alerts, string name) =>
        common.TryGetValue(name, out var value) && value.Length > 0 ? Clean(value, 120)
        : alerts.Count == 1 && alerts[0].Annotations.TryGetValue(name, out var own) && own.Length > 0 ? Clean(own, 120) : null;

    private static string Clean(string value, int max)
    {
        var line = string.Concat(value.Select(c => char.IsControl(c) ? ' ' : c)).Trim();
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}
