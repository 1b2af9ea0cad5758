using AckPoller.Core.Auth;

namespace AckPoller.Web;

/// <summary>What GET /healthz answers. Status: "healthy"; "degraded" (200) when an account needs a person (sign-in,
/// credential, mailbox rights) or its last poll failed, since the worker still runs and the other accounts are served;
/// "unhealthy" (503) when the store cannot be read or written (write probe) or the Quartz scheduler is not running.</summary>
internal sealed record HealthReport
{
    public const string Healthy = "healthy";
    public const string Degraded = "degraded";
    public const string Unhealthy = "unhealthy";

    public required string Status { get; init; }

    /// <summary>Why it is not healthy; null when healthy.</summary>
    public IReadOnlyList<string>? Reasons { get; init; }

    public HealthCheck? Store { get; init; }

    public HealthCheck? Scheduler { get; init; }

    public IReadOnlyList<AccountHealth>? Accounts { get; init; }

    /// <summary>The part anyone may see when an API key is configured and not presented.</summary>
    public HealthReport Public() => new() { Status = Status };
}

internal sealed record HealthCheck(bool Ok, string Detail);

internal sealed record AccountHealth(string Name, AuthState AuthState, bool NeedsAttention, DateTimeOffset? LastPollAt, bool? LastPollSucceeded, bool IdleConnected);
