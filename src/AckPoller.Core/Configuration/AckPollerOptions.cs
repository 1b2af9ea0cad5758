namespace AckPoller.Core.Configuration;

/// <summary>The whole configuration, bound from appsettings.json and ACKPOLLER__… environment variables.</summary>
public sealed class AckPollerOptions
{
    public StorageOptions Storage { get; set; } = new();

    public TokenCacheOptions TokenCache { get; set; } = new();

    public AuthOptions Auth { get; set; } = new();

    public AlertsOptions Alerts { get; set; } = new();

    public RepliesOptions Replies { get; set; } = new();

    public SchedulingOptions Scheduling { get; set; } = new();

    public NotificationOptions Notifications { get; set; } = new();

    public WebOptions Web { get; set; } = new();

    public IntegrationsOptions Integrations { get; set; } = new();

    public IList<WebhookOptions> Webhooks { get; } = [];

    public TelemetryOptions Telemetry { get; set; } = new();

    public IList<MailAccountOptions> Accounts { get; } = [];

    public MailAccountOptions? FindAccount(string name)
    {
        foreach (var account in Accounts)
        {
            if (string.Equals(account.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return account;
            }
        }

        return null;
    }
}
