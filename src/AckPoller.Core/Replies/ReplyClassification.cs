namespace AckPoller.Core.Replies;

/// <summary>Whether a message is a human's reply, and if not, why not (in words an admin understands).</summary>
public sealed record ReplyClassification(bool IsAutoReply, string? Reason)
{
    public static ReplyClassification Human { get; } = new(false, null);

    public static ReplyClassification Automatic(string reason) => new(true, reason);
}
