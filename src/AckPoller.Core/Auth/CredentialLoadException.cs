namespace AckPoller.Core.Auth;

/// <summary>The app's configured credential (secret, certificate, password) cannot be read or used.</summary>
public sealed class CredentialLoadException : Exception
{
    public CredentialLoadException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
