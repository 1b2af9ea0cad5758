using System.Collections.Concurrent;

namespace AckPoller.Core.Jobs;

/// <summary>One lock per account: the Quartz poll job, the IDLE listener's triggers and the catch-up after re-auth all go
/// through it, so one account is never polled twice at once while different accounts never wait for each other.</summary>
public sealed class AccountPollGate : IDisposable
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Runs <paramref name="work"/> when no other work for <paramref name="account"/> runs; <paramref name="entered"/>
    /// is called as soon as the account's turn has come.</summary>
    public async Task<T> RunExclusiveAsync<T>(string account, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken, Action? entered = null)
    {
        var gate = _locks.GetOrAdd(account, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            entered?.Invoke();
            return await work(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>True while work for the account runs.</summary>
    public bool IsBusy(string account) => _locks.TryGetValue(account, out var gate) && gate.CurrentCount == 0;

    public void Dispose()
    {
        foreach (var gate in _locks.Values)
        {
            gate.Dispose();
        }
    }
}
