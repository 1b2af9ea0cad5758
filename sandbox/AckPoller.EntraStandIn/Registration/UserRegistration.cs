using System.Text.Json.Serialization;

namespace AckPoller.EntraStandIn.Registration;

/// <summary>Per-user settings. Every address in the sandbox domain can sign in without one; register a user only
/// to change its token lifetime or password.</summary>
public sealed record UserRegistration
{
    [JsonPropertyName("address")]
    public required string Address { get; init; }

    /// <summary>Overrides the app's and the stand-in's access token lifetime for this user.</summary>
    [JsonPropertyName("accessTokenLifetimeSeconds")]
    public int? AccessTokenLifetimeSeconds { get; init; }

    /// <summary>Overrides the sandbox password for this user.</summary>
    [JsonPropertyName("password")]
    public string? Password { get; init; }
}
