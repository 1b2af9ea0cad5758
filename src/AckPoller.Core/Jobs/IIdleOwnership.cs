namespace AckPoller.Core.Jobs;

/// <summary>Decides which IDLE accounts this node listens on. <see cref="RunAsync"/> calls <c>listen(account, token)</c>
/// for each account the node owns and cancels that token when the node stops owning it; it returns when
/// <c>stoppingToken</c> fires and every listener has ended.</summary>
public interface IIdleOwnership
{
    Task RunAsync(IReadOnlyList<string> accounts, Func<string, CancellationToken, Task> listen, CancellationToken stoppingToken);
}

/// <summary>One node (SQLite): every IDLE account is listened on here, for as long as the node runs.</summary>
internal sealed class LocalIdleOwnership : IIdleOwnership
{
    public Task RunAsync(IReadOnlyList<string> accounts, Func<string, CancellationToken, Task> listen, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(listen);
        return Task.WhenAll(accounts.Select(a => listen(a, stoppingToken)));
    }
}
