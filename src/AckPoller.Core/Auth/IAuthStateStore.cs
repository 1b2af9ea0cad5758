namespace AckPoller.Core.Auth;

/// <summary>Persists each account's auth state.</summary>
public interface IAuthStateStore
{
    Task<AccountAuthStatus?> GetAsync(string account, CancellationToken cancellationToken);

    Task<IReadOnlyList<AccountAuthStatus>> GetAllAsync(CancellationToken cancellationToken);

    Task SaveAsync(AccountAuthStatus status, CancellationToken cancellationToken);

    Task DeleteAsync(string account, CancellationToken cancellationToken);
}
