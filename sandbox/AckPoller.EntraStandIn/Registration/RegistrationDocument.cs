using System.Text.Json;
using System.Text.Json.Serialization;

namespace AckPoller.EntraStandIn.Registration;

/// <summary>The JSON file of app and user registrations the process reads at start (--registrations FILE).</summary>
public sealed record RegistrationDocument
{
    [JsonPropertyName("apps")]
    public IReadOnlyList<AppRegistration> Apps { get; init; } = [];

    [JsonPropertyName("users")]
    public IReadOnlyList<UserRegistration> Users { get; init; } = [];

    public static RegistrationDocument Load(string file) =>
        JsonSerializer.Deserialize<RegistrationDocument>(File.ReadAllText(file))
        ?? throw new InvalidOperationException($"{file} holds no registrations.");
}
