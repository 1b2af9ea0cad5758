namespace AckPoller.Core.Auth;

/// <summary>The secret half of an authorization-code challenge: the state value the callback must echo, and the PKCE
/// verifier, stored encrypted. Never shown or logged.</summary>
public sealed record PendingAuthorization(string RequestState, byte[] EncryptedCodeVerifier)
{
    public override string ToString() => "PendingAuthorization (redacted)";
}
