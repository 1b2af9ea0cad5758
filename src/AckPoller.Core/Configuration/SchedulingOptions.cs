namespace AckPoller.Core.Configuration;

/// <summary>Background jobs: outbox, token keep-alive and expiry-warning schedules.</summary>
public sealed class SchedulingOptions
{
}
