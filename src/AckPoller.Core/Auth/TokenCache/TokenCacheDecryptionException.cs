namespace AckPoller.Core.Auth.TokenCache;

public sealed class TokenCacheDecryptionException : Exception
{
    public TokenCacheDecryptionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
