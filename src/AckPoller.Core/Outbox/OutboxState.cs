namespace AckPoller.Core.Outbox;

/// <summary>Pending until the server accepts it (Sent) or it fails for good (Dead, with the reason in LastError).</summary>
public enum OutboxState
{
    Pending,
    Sent,
    Dead,
}
