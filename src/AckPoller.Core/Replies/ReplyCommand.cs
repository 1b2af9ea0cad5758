namespace AckPoller.Core.Replies;

/// <summary>The command found in the new text of a reply; None when the first words are no command.</summary>
public enum ReplyCommand
{
    None,
    Ack,
    Unack,
    Resolve,
    Snooze,
    Note,
}
