namespace AckPoller.EntraStandIn.Protocol;

/// <summary>What a valid scope parameter asks for: one resource (the token's audience) and its permissions.</summary>
public sealed record ScopeGrant
{
    /// <summary>The access token's audience, e.g. https://outlook.office.com.</summary>
    public required string Audience { get; init; }

    /// <summary>Permission names for the scp claim, e.g. IMAP.AccessAsUser.All.</summary>
    public required IReadOnlyList<string> Permissions { get; init; }

    /// <summary>The resource scopes as the client asked for them, echoed in the response's scope so MSAL's cache matches.</summary>
    public required IReadOnlyList<string> Requested { get; init; }

    public bool OfflineAccess { get; init; }

    public bool OpenId { get; init; }

    public string ResponseScope => string.Join(' ', Requested);
}
