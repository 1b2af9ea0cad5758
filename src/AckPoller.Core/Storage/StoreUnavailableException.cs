namespace AckPoller.Core.Storage;

/// <summary>The store cannot take writes now (see <see cref="StoreFailures"/>); <see cref="Reason"/> is short.</summary>
public sealed class StoreUnavailableException(string reason, string message, Exception? innerException = null) : Exception(message, innerException)
{
    public string Reason { get; } = reason;
}
