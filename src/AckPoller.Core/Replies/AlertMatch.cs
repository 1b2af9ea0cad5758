namespace AckPoller.Core.Replies;

/// <summary>How a reply was tied to its alert, in order of trust.</summary>
public enum AlertMatch
{
    None,
    InReplyTo,
    References,
    Subject,
    Body,
}
