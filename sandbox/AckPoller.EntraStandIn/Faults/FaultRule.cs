using System.Text.Json.Serialization;

namespace AckPoller.EntraStandIn.Faults;

/// <summary>An injected failure: for the next <see cref="Count"/> matching token requests (null: until cleared),
/// optionally only for one client id and/or one user.</summary>
public sealed record FaultRule
{
    [JsonPropertyName("fault")]
    public required EntraFault Fault { get; init; }

    [JsonPropertyName("count")]
    public int? Count { get; init; }

    [JsonPropertyName("clientId")]
    public string? ClientId { get; init; }

    /// <summary>The user (mailbox address) the request is for; for client credentials, the app's mailbox.</summary>
    [JsonPropertyName("user")]
    public string? User { get; init; }

    /// <summary>The Retry-After seconds of <see cref="EntraFault.Throttled"/>.</summary>
    [JsonPropertyName("retryAfterSeconds")]
    public int RetryAfterSeconds { get; init; } = 5;

    internal bool Matches(string? clientId, string? user) =>
        (ClientId is null || string.Equals(ClientId, clientId, StringComparison.OrdinalIgnoreCase)) &&
        (User is null || string.Equals(User, user, StringComparison.OrdinalIgnoreCase));
}
