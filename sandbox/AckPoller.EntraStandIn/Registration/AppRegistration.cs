using System.Text.Json.Serialization;

namespace AckPoller.EntraStandIn.Registration;

/// <summary>An app registration: who may ask for tokens, how it proves itself, where codes may be sent,
/// and (standing in for Exchange's app-only mailbox permission) which mailbox its app-only tokens are for.</summary>
public sealed record AppRegistration
{
    [JsonPropertyName("clientId")]
    public required string ClientId { get; init; }

    [JsonPropertyName("displayName")]
    public string DisplayName { get; init; } = "AckPoller sandbox app";

    [JsonPropertyName("secrets")]
    public IReadOnlyList<AppSecret> Secrets { get; init; } = [];

    /// <summary>Public certificates (PEM text, or a path to a PEM/DER/PFX file) whose keys may sign client assertions.</summary>
    [JsonPropertyName("certificates")]
    public IReadOnlyList<string> Certificates { get; init; } = [];

    [JsonPropertyName("redirectUris")]
    public IReadOnlyList<string> RedirectUris { get; init; } = [];

    /// <summary>"Allow public client flows": device code and code redemption without a client credential.</summary>
    [JsonPropertyName("allowPublicClient")]
    public bool AllowPublicClient { get; init; }

    /// <summary>The one mailbox app-only (client credentials) tokens may open; it goes in the user name claim.
    /// Null: tokens are still issued (as Entra does) but name no mailbox, so the mail servers refuse them.</summary>
    [JsonPropertyName("appMailbox")]
    public string? AppMailbox { get; init; }

    /// <summary>Application permissions granted to the app (the "roles" claim of app-only tokens).</summary>
    [JsonPropertyName("appRoles")]
    public IReadOnlyList<string> AppRoles { get; init; } = ["IMAP.AccessAsApp", "POP.AccessAsApp", "SMTP.SendAsApp"];

    /// <summary>Lifetime of access tokens issued to this app; null: the stand-in's default. At most 300 s makes MSAL
    /// refresh on the next silent call.</summary>
    [JsonPropertyName("accessTokenLifetimeSeconds")]
    public int? AccessTokenLifetimeSeconds { get; init; }
}
