namespace AckPoller.Core.Auth.Errors;

/// <summary>What a token request failure means for the account: the kind, the AADSTS (or other) code, a reason in plain
/// language, and how long the server asked us to wait.</summary>
public sealed record AuthFailure(AuthFailureKind Kind, string? ErrorCode, string Reason, TimeSpan? RetryAfter = null);
