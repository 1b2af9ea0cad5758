using System.Collections.Concurrent;
using AckPoller.Core.Auth;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Auth.State;

/// <summary>The one place account auth states change: persisted first, then announced through <see cref="StateChanged"/>
/// (the engine pauses polling, notifies admins, shows a banner). Another process (the CLI) may change the store too;
/// <see cref="ReconcileAsync"/> announces what changed there.</summary>
public sealed class AuthStateService : IDisposable
{
    private readonly IAuthStateStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly ConcurrentDictionary<string, AuthState> _announced = new(StringComparer.OrdinalIgnoreCase);

    public AuthStateService(IAuthStateStore store, TimeProvider time, ILogger<AuthStateService> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
    }

    /// <summary>Raised after a state change is persisted: when the state differs, or a new sign-in challenge is issued.
    /// Handlers must not throw (exceptions are logged and swallowed).</summary>
    public event EventHandler<AuthStateChangedEventArgs>? StateChanged;

    public TimeProvider Time => _time;

    public async Task<AccountAuthStatus> GetAsync(string account, CancellationToken cancellationToken) =>
        await _store.GetAsync(account, cancellationToken) ?? AccountAuthStatus.Initial(account, _time.GetUtcNow());

    /// <summary>Reads, changes and saves one account's state atomically within this process.</summary>
    public async Task<AccountAuthStatus> UpdateAsync(string account, Func<AccountAuthStatus, AccountAuthStatus> change, CancellationToken cancellationToken)
    {
        AccountAuthStatus previous;
        AccountAuthStatus next;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            previous = await GetAsync(account, cancellationToken);
            var now = _time.GetUtcNow();
            next = change(previous);
            next = next with { Account = account, UpdatedAt = now, Since = next.State == previous.State ? previous.Since : now };
            await _store.SaveAsync(next, cancellationToken);
        }
        finally
        {
            _lock.Release();
        }

        var challengeRenewed = next.Challenge is not null && next.Challenge != previous.Challenge;
        var announced = _announced.TryGetValue(account, out var last) ? last : previous.State;
        if (next.State != previous.State || next.State != announced || challengeRenewed)
        {
            Announce(previous.State, next);
        }

        return next;
    }

    /// <summary>Announces states another process wrote (e.g. `ackpoller auth login` completed a sign-in).</summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        foreach (var status in await _store.GetAllAsync(cancellationToken))
        {
            if (_announced.TryGetValue(status.Account, out var last) && last != status.State)
            {
                Announce(last, status);
            }
        }
    }

    public void Dispose() => _lock.Dispose();

    private void Announce(AuthState previous, AccountAuthStatus current)
    {
        _announced[current.Account] = current.State;
        if (current.State == previous)
        {
            AuthStateLog.NewSignInChallengeIssued(_logger, current.Account, current.State);
        }
        else if (current.State == AuthState.Authorized)
        {
            AuthStateLog.BecameAuthorized(_logger, current.Account, previous);
        }
        else
        {
            AuthStateLog.StateChanged(_logger, current.Account, previous, current.State, current.ErrorCode, current.Reason);
        }

        var handlers = StateChanged;
        if (handlers is null)
        {
            return;
        }

        var args = new AuthStateChangedEventArgs(previous, current);
        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                ((EventHandler<AuthStateChangedEventArgs>)handler)(this, args);
            }
            catch (Exception ex)
            {
                AuthStateLog.AuthStateChangeHandlerFailed(_logger, ex, current.Account);
            }
        }
    }
}
