using AckPoller.Core.Alerts;

namespace AckPoller.Core.Replies;

/// <summary>Alert emails AckPoller raises carry Message-IDs "ap.XXXXXX.random@domain" (MessageComposer.NewMessageId("ap." + code));
/// the reference can be read back from such an id even without the database.</summary>
public static class AlertMessageIds
{
    public const string LocalPrefix = "ap.";

    public static bool TryGetReference(string? messageId, out AlertReference reference)
    {
        reference = default;
        if (messageId is null || messageId.Length < LocalPrefix.Length + AlertReference.Length + 2
            || !messageId.StartsWith(LocalPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var end = LocalPrefix.Length + AlertReference.Length;
        return messageId[end] is '.' or '@' && AlertReference.TryParse(messageId[LocalPrefix.Length..end], out reference);
    }
}
