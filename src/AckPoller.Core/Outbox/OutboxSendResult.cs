namespace AckPoller.Core.Outbox;

/// <summary>What one <see cref="OutboxSender.SendDueAsync"/> run did.</summary>
public sealed record OutboxSendResult(int Sent, int Retried, int Dead)
{
    /// <summary>Set when the run stopped early: the sending account needs sign-in, or no account can send.</summary>
    public string? StoppedBecause { get; init; }
}
