using System.Collections.Concurrent;
using AckPoller.Core.Auth;
using AckPoller.Core.Auth.State;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Jobs;

/// <summary>Which accounts are paused because a person must act (ReauthRequired, CredentialInvalid, MailboxAccessDenied),
/// from the auth state events. Polling and IDLE ask it before they touch the mail server; <see cref="Paused"/> drives the
/// admin notification, <see cref="Resumed"/> the catch-up poll of the backlog.</summary>
public sealed class AccountPauses : IDisposable
{
    private readonly AuthStateService? _states;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Entry> _paused = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _pausedSignals = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public AccountPauses(AuthStateService? states, ILogger<AccountPauses> logger)
    {
        _states = states;
        _logger = logger;
        if (_states is not null)
        {
            _states.StateChanged += OnStateChanged;
        }
    }

    public event EventHandler<AccountPausedEventArgs>? Paused;

    public event EventHandler<AccountAuthStatus>? Resumed;

    public static bool PausesPolling(AuthState state) =>
        state is AuthState.ReauthRequired or AuthState.CredentialInvalid or AuthState.MailboxAccessDenied;

    public bool IsPaused(string account, out AccountAuthStatus status)
    {
        if (_paused.TryGetValue(account, out var entry))
        {
            status = entry.Status;
            return true;
        }

        status = null!;
        return false;
    }

    /// <summary>Completes at once when the account is not paused, otherwise when it resumes.</summary>
    public Task WaitUntilResumedAsync(string account, CancellationToken cancellationToken) =>
        _paused.TryGetValue(account, out var entry) ? entry.Resumed.Task.WaitAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>A token cancelled when the account is paused (for work that must stop then, like an IDLE connection).</summary>
    public CancellationToken PausedToken(string account) =>
        _pausedSignals.GetOrAdd(account, _ => new CancellationTokenSource()).Token;

    /// <summary>Reads the persisted states at start-up, so an account that was already waiting for sign-in stays paused.</summary>
    public async Task InitializeAsync(IEnumerable<string> accounts, CancellationToken cancellationToken)
    {
        if (_states is null)
        {
            return;
        }

        foreach (var account in accounts)
        {
            Apply(await _states.GetAsync(account, cancellationToken));
        }

        // Accounts paused before anyone listened (events during start-up) are announced again; the notifier throttles.
        foreach (var entry in _paused.Values)
        {
            Remind(entry.Status);
        }
    }

    /// <summary>Takes a state into account: pauses, updates or resumes the account, raising the matching event.</summary>
    public void Apply(AccountAuthStatus status)
    {
        bool paused = false, resumed = false;
        lock (_gate)
        {
            if (PausesPolling(status.State))
            {
                if (_paused.TryGetValue(status.Account, out var entry))
                {
                    paused = entry.Status.State != status.State || entry.Status.Challenge != status.Challenge;
                    entry.Status = status;
                }
                else
                {
                    _paused[status.Account] = new Entry(status);
                    paused = true;
                    if (_pausedSignals.TryRemove(status.Account, out var signal))
                    {
                        signal.Cancel();
                        signal.Dispose();
                    }
                }
            }
            else if (_paused.TryRemove(status.Account, out var entry))
            {
                entry.Resumed.TrySetResult();
                resumed = true;
            }
        }

        if (paused)
        {
            JobsLog.PollingPaused(_logger, status.Account, status.State, status.Reason);
            Raise(() => Paused?.Invoke(this, new AccountPausedEventArgs(status, isReminder: false)));
        }
        else if (resumed)
        {
            JobsLog.PollingResumed(_logger, status.Account, status.State);
            Raise(() => Resumed?.Invoke(this, status));
        }
    }

    /// <summary>Raised by the poll runner on a skipped tick: the notifier decides (throttled) whether to remind the admins.</summary>
    public void Remind(AccountAuthStatus status)
    {
        if (_paused.ContainsKey(status.Account))
        {
            Raise(() => Paused?.Invoke(this, new AccountPausedEventArgs(status, isReminder: true)));
        }
    }

    public void Dispose()
    {
        if (_states is not null)
        {
            _states.StateChanged -= OnStateChanged;
        }

        foreach (var signal in _pausedSignals.Values)
        {
            signal.Dispose();
        }
    }

    private void OnStateChanged(object? sender, AuthStateChangedEventArgs e) => Apply(e.Current);

    private void Raise(Action handler)
    {
        try
        {
            handler();
        }
        catch (Exception ex)
        {
            JobsLog.PauseResumeHandlerFailed(_logger, ex);
        }
    }

    private sealed class Entry(AccountAuthStatus status)
    {
        public AccountAuthStatus Status { get; set; } = status;

        public TaskCompletionSource Resumed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
