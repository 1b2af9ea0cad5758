namespace AckPoller.Core.Storage;

/// <summary>The store cannot be used: wrong schema version, failed migration, unreadable file.</summary>
public sealed class StoreException : Exception
{
    public StoreException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
