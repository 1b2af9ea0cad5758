namespace AckPoller.Core.Outbox;

public enum OutboxKind
{
    Alert,
    Confirmation,
    Rejection,
    Notification,
}
