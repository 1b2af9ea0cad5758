namespace AckPoller.Core.Configuration;

/// <summary>What a reply asks for. Written in replies as ack/acknowledge, unack, resolve/close, snooze &lt;duration&gt;, note &lt;text&gt;.</summary>
public enum AckAction
{
    Ack,
    Unack,
    Resolve,
    Snooze,
    Note,
}
