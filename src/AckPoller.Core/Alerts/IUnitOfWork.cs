using AckPoller.Core.Outbox;

namespace AckPoller.Core.Alerts;

/// <summary>One write transaction over the engine's tables. Nothing is visible to others until <see cref="CommitAsync"/>;
/// disposing without committing rolls everything back. Reads inside it see the current committed state and hold
/// the write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL would use SELECT … FOR UPDATE), so decisions taken on them hold.</summary>
public interface IUnitOfWork : IAsyncDisposable
{
    Task<ProcessedMessage?> FindProcessedAsync(string account, string messageKey, CancellationToken cancellationToken);

    /// <summary>Fails (and the transaction must be abandoned) when the key was already recorded.</summary>
    Task InsertProcessedAsync(ProcessedMessage message, CancellationToken cancellationToken);

    Task<Alert?> FindAlertAsync(long id, CancellationToken cancellationToken);

    Task<Alert?> FindAlertByReferenceAsync(AlertReference reference, CancellationToken cancellationToken);

    Task<Alert?> FindAlertByMessageIdAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>Inserts a new alert; returns it with its id.</summary>
    Task<Alert> InsertAlertAsync(Alert alert, CancellationToken cancellationToken);

    /// <summary>Writes the alert's state, snooze and acknowledgement fields and updated time.</summary>
    Task UpdateAlertStateAsync(Alert alert, CancellationToken cancellationToken);

    Task<long> AppendAckLogAsync(AckLogEntry entry, CancellationToken cancellationToken);

    Task<long> EnqueueOutboxAsync(OutboxMessage message, CancellationToken cancellationToken);

    Task<ExternalAlertLink?> FindExternalAlertAsync(string source, string key, CancellationToken cancellationToken);

    /// <summary>Inserts the link or replaces the one with the same source and key.</summary>
    Task SaveExternalAlertAsync(ExternalAlertLink link, CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}
