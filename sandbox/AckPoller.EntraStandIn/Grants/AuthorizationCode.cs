namespace AckPoller.EntraStandIn.Grants;

/// <summary>What a user approved at the authorize page, waiting to be redeemed once.</summary>
public sealed record AuthorizationCode(
    string ClientId,
    string RedirectUri,
    string User,
    string Scope,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    string? Nonce,
    DateTimeOffset ExpiresAt);
