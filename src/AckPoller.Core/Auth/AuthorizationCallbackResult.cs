namespace AckPoller.Core.Auth;

/// <summary>The outcome of a callback, for the page shown to the person who signed in (never contains a secret).</summary>
public sealed record AuthorizationCallbackResult(bool Succeeded, string? Account, string Message);
