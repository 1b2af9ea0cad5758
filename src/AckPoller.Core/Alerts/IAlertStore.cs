namespace AckPoller.Core.Alerts;

/// <summary>Reads alerts (they are written only inside an <see cref="IUnitOfWork"/>, with their outbox mail).</summary>
public interface IAlertStore : IAlertDirectory
{
    Task<Alert?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>Newest first; all states when <paramref name="state"/> is null.</summary>
    Task<IReadOnlyList<Alert>> ListAsync(AlertState? state, int limit, CancellationToken cancellationToken);

    /// <summary>Newest first: alerts in <paramref name="state"/> (all when null) created at or after <paramref name="since"/>.</summary>
    Task<IReadOnlyList<Alert>> ListAsync(AlertState? state, DateTimeOffset? since, int limit, CancellationToken cancellationToken);

    /// <summary>Snoozed alerts whose snooze ended at or before <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<Alert>> ListSnoozeEndedAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);
}
