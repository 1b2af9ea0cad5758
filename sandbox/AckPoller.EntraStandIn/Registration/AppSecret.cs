using System.Text.Json.Serialization;

namespace AckPoller.EntraStandIn.Registration;

/// <summary>A client secret of an app registration. After <see cref="ExpiresOn"/> it is answered with AADSTS7000222.</summary>
public sealed record AppSecret
{
    [JsonPropertyName("value")]
    public required string Value { get; init; }

    [JsonPropertyName("expiresOn")]
    public DateTimeOffset ExpiresOn { get; init; } = DateTimeOffset.MaxValue;
}
