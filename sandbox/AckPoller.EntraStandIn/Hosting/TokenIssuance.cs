namespace AckPoller.EntraStandIn.Hosting;

/// <summary>A record of one successful token answer, for tests to check what the stand-in handed out.</summary>
public sealed record TokenIssuance(
    string GrantType,
    string ClientId,
    string? User,
    string AccessToken,
    string? RedeemedRefreshToken,
    string? RefreshToken,
    int ExpiresIn,
    DateTimeOffset At);
