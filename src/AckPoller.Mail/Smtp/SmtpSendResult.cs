namespace AckPoller.Mail.Smtp;

/// <summary>The outcome of a message the server accepted: who got it, who was refused, and the server's final words
/// (which usually carry its queue id).</summary>
public sealed record SmtpSendResult(
    IReadOnlyList<string> AcceptedRecipients,
    IReadOnlyList<SmtpRecipientRejection> RejectedRecipients,
    string ServerResponse)
{
    /// <summary>The queue id when the final reply says "queued as ID" (Postfix, Dovecot, Exim-style), else null.</summary>
    public string? QueueId
    {
        get
        {
            const string Marker = "queued as ";
            var at = ServerResponse.IndexOf(Marker, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return null;
            }

            var id = ServerResponse.AsSpan(at + Marker.Length).Trim();
            var end = id.IndexOfAny(' ', '\n');
            return (end < 0 ? id : id[..end]).ToString() is { Length: > 0 } value ? value : null;
        }
    }
}
