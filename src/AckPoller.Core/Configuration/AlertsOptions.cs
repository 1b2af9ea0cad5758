namespace AckPoller.Core.Configuration;

/// <summary>Alert emails and confirmations: the domain for Message-IDs, the monitored reply address, footer, copies.</summary>
public sealed class AlertsOptions
{
}
