namespace AckPoller.Core.Accounts;

/// <summary>Where the worker records each account's last poll, last error and IDLE connection.</summary>
public interface IAccountActivityStore
{
    /// <summary>Records a finished poll; <paramref name="error"/> non-null means it failed (and becomes the last error).</summary>
    Task RecordPollAsync(string account, DateTimeOffset at, string summary, string? error, CancellationToken cancellationToken);

    Task RecordIdleAsync(string account, bool connected, DateTimeOffset at, CancellationToken cancellationToken);

    Task<IReadOnlyList<AccountActivity>> GetAllAsync(CancellationToken cancellationToken);
}
