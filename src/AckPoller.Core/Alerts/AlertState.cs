namespace AckPoller.Core.Alerts;

public enum AlertState
{
    Open,
    Acknowledged,
    Resolved,
    Snoozed,
}
