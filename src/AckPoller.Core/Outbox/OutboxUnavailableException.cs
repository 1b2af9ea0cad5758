namespace AckPoller.Core.Outbox;

/// <summary>The outbox cannot send at all (no sender account configured): nothing is attempted or counted.</summary>
public sealed class OutboxUnavailableException : Exception
{
    public OutboxUnavailableException(string message)
        : base(message)
    {
    }
}
