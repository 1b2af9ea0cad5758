namespace AckPoller.Core.Outbox;

/// <summary>The outbox table. Mail that must go out together with a state change is enqueued inside an
/// <see cref="IUnitOfWork"/>; <see cref="EnqueueAsync"/> is for mail that stands alone (notifications).</summary>
public interface IOutboxStore
{
    Task<long> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken);

    Task<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>Pending messages due at <paramref name="now"/>, oldest due first.</summary>
    Task<IReadOnlyList<OutboxMessage>> GetDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Takes a due message for sending by moving its next attempt to <paramref name="leaseUntil"/>; false when another
    /// sender took it first or it is no longer due. A sender that dies mid-send leaves it to be retried after the lease.</summary>
    Task<bool> TryClaimAsync(long id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    Task MarkSentAsync(long id, DateTimeOffset at, int attempts, string? note, CancellationToken cancellationToken);

    Task ScheduleRetryAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string error, DateTimeOffset now, CancellationToken cancellationToken);

    Task MarkDeadAsync(long id, int attempts, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Newest first; all states when <paramref name="state"/> is null.</summary>
    Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxState? state, int limit, CancellationToken cancellationToken);

    Task<int> CountAsync(OutboxState state, CancellationToken cancellationToken);

    /// <summary>Records recipients that accepted message <paramref name="id"/> in one SMTP transaction, so a delivery
    /// split over several transactions (a server limiting recipients per transaction) resumes with the rest only.</summary>
    Task RecordDeliveredAsync(long id, IReadOnlyList<string> recipients, DateTimeOffset at, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The recipients already recorded by <see cref="RecordDeliveredAsync"/> (case-insensitive).</summary>
    Task<IReadOnlySet<string>> DeliveredAsync(long id, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<string>>(new HashSet<string>(StringComparer.OrdinalIgnoreCase));
}
