namespace AckPoller.Core.Storage;

/// <summary>The store cannot be used: wrong schema version, failed migration, unreadable file.</summary>
public sealed class StoreException : Exception
{
    public StoreException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>The database server could not be reached at all (`ackpoller run` exits 3, like any connection failure).</summary>
    public bool Unreachable { get; init; }
}
