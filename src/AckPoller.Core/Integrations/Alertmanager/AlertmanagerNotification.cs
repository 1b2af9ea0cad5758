using System.Globalization;
using System.Text.Json;

namespace AckPoller.Core.Integrations.Alertmanager;

/// <summary>One webhook notification from Alertmanager (payload version 4) or Grafana alerting's webhook contact point
/// (version 1, the same shape plus orgId/title/state/message). Only what AckPoller uses is kept.</summary>
internal sealed record AlertmanagerNotification
{
    public required string Version { get; init; }

    public required string GroupKey { get; init; }

    /// <summary>"firing" or "resolved".</summary>
    public required string Status { get; init; }

    public string Receiver { get; init; } = string.Empty;

    public IReadOnlyDictionary<string, string> GroupLabels { get; init; } = Empty;

    public IReadOnlyDictionary<string, string> CommonLabels { get; init; } = Empty;

    public IReadOnlyDictionary<string, string> CommonAnnotations { get; init; } = Empty;

    public string? ExternalUrl { get; init; }

    /// <summary>Grafana's title for the notification, when sent by Grafana.</summary>
    public string? Title { get; init; }

    public int TruncatedAlerts { get; init; }

    public required IReadOnlyList<AlertmanagerAlert> Alerts { get; init; }

    public bool IsFiring => Status == "firing";

    public bool IsGrafana { get; init; }

    internal static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}

/// <summary>One alert of a notification.</summary>
internal sealed record AlertmanagerAlert
{
    public required string Status { get; init; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = AlertmanagerNotification.Empty;

    public DateTimeOffset? StartsAt { get; init; }

    public DateTimeOffset? EndsAt { get; init; }

    public string? GeneratorUrl { get; init; }

    public required string Fingerprint { get; init; }

    public string? DashboardUrl { get; init; }

    public string? PanelUrl { get; init; }

    public string? SilenceUrl { get; init; }

    public bool IsFiring => Status == "firing";

    public string Name => Labels.TryGetValue("alertname", out var name) && name.Length > 0 ? name : "(no alertname)";
}

/// <summary>A payload that cannot be used: <see cref="Field"/> names the JSON path of the first bad field.</summary>
internal sealed class AlertmanagerPayloadException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>Reads and checks a payload before anything is written, so a bad one creates nothing.</summary>
internal static class AlertmanagerPayload
{
    public const int MaxAlerts = 10_000;
    public const int MaxLabels = 256;
    public const int MaxValueLength = 16 * 1024;
    public const int MaxGroupKeyLength = 8 * 1024;

    public static AlertmanagerNotification Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new AlertmanagerPayloadException("body", "not valid JSON" + (ex.LineNumber is { } line ? $" (line {line + 1})." : "."));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new AlertmanagerPayloadException("body", "expected a JSON object.");
            }

            var grafana = root.TryGetProperty("orgId", out _);
            var version = RequiredString(root, "version");
            if (version != "4" && !(grafana && version == "1"))
            {
                throw new AlertmanagerPayloadException("version",
                    $"version '{Shorten(version)}' is not supported; AckPoller reads Alertmanager's version 4 and Grafana's version 1 webhook payloads.");
            }

            var groupKey = RequiredString(root, "groupKey");
            if (groupKey.Length == 0 || groupKey.Length > MaxGroupKeyLength)
            {
                throw new AlertmanagerPayloadException("groupKey", $"must be 1 to {MaxGroupKeyLength} characters.");
            }

            var status = Status(root, "status");
            if (!root.TryGetProperty("alerts", out var alertsElement) || alertsElement.ValueKind != JsonValueKind.Array)
            {
                throw new AlertmanagerPayloadException("alerts", "an array of alerts is required.");
            }

            var count = alertsElement.GetArrayLength();
            if (count == 0 || count > MaxAlerts)
            {
                throw new AlertmanagerPayloadException("alerts", $"must hold 1 to {MaxAlerts} alerts.");
            }

            var alerts = new List<AlertmanagerAlert>(count);
            var index = 0;
            foreach (var element in alertsElement.EnumerateArray())
            {
                alerts.Add(ReadAlert(element, $"alerts[{index}]"));
                index++;
            }

            return new AlertmanagerNotification
            {
                Version = version,
                GroupKey = groupKey,
                Status = status,
                Receiver = OptionalString(root, "receiver") ?? string.Empty,
                GroupLabels = Labels(root, "groupLabels", "groupLabels"),
                CommonLabels = Labels(root, "commonLabels", "commonLabels"),
                CommonAnnotations = Labels(root, "commonAnnotations", "commonAnnotations"),
                ExternalUrl = OptionalString(root, "externalURL"),
                Title = grafana ? OptionalString(root, "title") : null,
                TruncatedAlerts = root.TryGetProperty("truncatedAlerts", out var truncated) && truncated.ValueKind == JsonValueKind.Number
                    && truncated.TryGetInt32(out var n) && n >= 0 ? n : 0,
                Alerts = alerts,
                IsGrafana = grafana,
            };
        }
    }

    private static AlertmanagerAlert ReadAlert(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new AlertmanagerPayloadException(path, "expected an alert object.");
        }

        var labels = Labels(element, "labels", path + ".labels");
        if (labels.Count == 0)
        {
            throw new AlertmanagerPayloadException(path + ".labels", "an alert needs at least one label.");
        }

        var fingerprint = OptionalString(element, "fingerprint");
        if (string.IsNullOrEmpty(fingerprint))
        {
            fingerprint = Fingerprint(labels);
        }

        return new AlertmanagerAlert
        {
            Status = Status(element, "status", path + ".status"),
            Labels = labels,
            Annotations = Labels(element, "annotations", path + ".annotations"),
            StartsAt = Time(element, "startsAt", path + ".startsAt"),
            EndsAt = Time(element, "endsAt", path + ".endsAt"),
            GeneratorUrl = Link(element, "generatorURL"),
            Fingerprint = fingerprint,
            DashboardUrl = Link(element, "dashboardURL"),
            PanelUrl = Link(element, "panelURL"),
            SilenceUrl = Link(element, "silenceURL"),
        };
    }

    /// <summary>A stable identity for an alert sent without a fingerprint: SHA-256 over its sorted labels.</summary>
    private static string Fingerprint(IReadOnlyDictionary<string, string> labels)
    {
        var text = string.Join('\n', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
    }

    private static string Status(JsonElement parent, string name, string? path = null)
    {
        var value = RequiredString(parent, name, path);
        return value is "firing" or "resolved"
            ? value
            : throw new AlertmanagerPayloadException(path ?? name, $"'{Shorten(value)}' is not a status; expected firing or resolved.");
    }

    private static string RequiredString(JsonElement parent, string name, string? path = null)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            throw new AlertmanagerPayloadException(path ?? name, "a string is required.");
        }

        return value.GetString()!;
    }

    private static string? OptionalString(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = value.GetString()!;
        return text.Length > MaxValueLength ? text[..MaxValueLength] : text;
    }

    /// <summary>Only absolute http(s) links are kept for the email; anything else (javascript:, data:) is dropped.</summary>
    private static string? Link(JsonElement parent, string name) =>
        OptionalString(parent, name) is { Length: > 0 } text && Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? text : null;

    private static DateTimeOffset? Time(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String
            || !DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time))
        {
            throw new AlertmanagerPayloadException(path, "expected an RFC 3339 time.");
        }

        // Alertmanager writes 0001-01-01T00:00:00Z for "no end".
        return time.Year <= 1 ? null : time;
    }

    private static Dictionary<string, string> Labels(JsonElement parent, string name, string path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new AlertmanagerPayloadException(path, "expected an object of string values.");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw new AlertmanagerPayloadException($"{path}.{Shorten(property.Name)}", "expected a string value.");
            }

            if (result.Count >= MaxLabels)
            {
                throw new AlertmanagerPayloadException(path, $"more than {MaxLabels} entries.");
            }

            var text = property.Value.GetString()!;
            result[property.Name.Length > 256 ? property.Name[..256] : property.Name] = text.Length > MaxValueLength ? text[..MaxValueLength] : text;
        }

        return result;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
