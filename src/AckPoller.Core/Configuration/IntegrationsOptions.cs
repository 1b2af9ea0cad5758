namespace AckPoller.Core.Configuration;

/// <summary>Section "Integrations": monitoring systems that send alerts to AckPoller.</summary>
public sealed class IntegrationsOptions
{
    public const string SectionName = "Integrations";

    public AlertmanagerIntegrationOptions Alertmanager { get; set; } = new();
}

/// <summary>How one Alertmanager (or Grafana alerting) notification becomes AckPoller alerts.</summary>
public enum AlertmanagerGrouping
{
    /// <summary>One AckPoller alert per notification group (identity: the group key).</summary>
    Group,

    /// <summary>One AckPoller alert per firing alert (identity: the alert's fingerprint).</summary>
    Alert,
}

/// <summary>Section "Integrations:Alertmanager": the receiver at POST /api/integrations/alertmanager. It is on when a
/// receiver token is configured (ReceiverTokenEnv or ReceiverTokenFile); without one the endpoint answers 404.</summary>
public sealed class AlertmanagerIntegrationOptions
{
    public const string Key = "Integrations:Alertmanager";

    /// <summary>The environment variable holding the bearer token Alertmanager sends (http_config.authorization).</summary>
    public string? ReceiverTokenEnv { get; set; }

    /// <summary>A file holding the bearer token (first line).</summary>
    public string? ReceiverTokenFile { get; set; }

    /// <summary>Recipients by label: the first route whose matchers all match wins.</summary>
    public IList<AlertmanagerRouteOptions> Routes { get; } = [];

    /// <summary>Recipients when no route matches.</summary>
    public IList<string> DefaultTo { get; } = [];

    /// <summary>True lets an <c>ackpoller_to</c> label or annotation (comma-separated addresses) choose the recipients.</summary>
    public bool AllowRecipientOverride { get; set; }

    public AlertmanagerGrouping Grouping { get; set; } = AlertmanagerGrouping.Group;

    /// <summary>Alertmanager's base URL (e.g. http://alertmanager:9093). When set, an <c>ack</c> creates a silence there for the
    /// alert's group, <c>snooze</c> silences until the snooze ends, and <c>unack</c>/<c>resolve</c> expire it.</summary>
    public string? Url { get; set; }

    /// <summary>How long the silence made for an <c>ack</c> lasts.</summary>
    public TimeSpan SilenceDuration { get; set; } = TimeSpan.FromHours(4);

    /// <summary>True also emails the alert's recipients (threaded under the alert) when Alertmanager reports it resolved.</summary>
    public bool EmailWhenResolved { get; set; }

    /// <summary>The largest payload accepted; larger ones get 413.</summary>
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(ReceiverTokenEnv) || !string.IsNullOrWhiteSpace(ReceiverTokenFile);
}

/// <summary>One entry of Integrations:Alertmanager:Routes.</summary>
public sealed class AlertmanagerRouteOptions
{
    /// <summary>Alertmanager-style equality matchers such as <c>team=db</c> or <c>severity="critical"</c>; all must match.</summary>
    public IList<string> Matchers { get; } = [];

    public IList<string> To { get; } = [];
}
