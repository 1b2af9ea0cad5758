using System.Collections.Concurrent;
using AckPoller.Core.Configuration;
using AckPoller.Core.Notifications;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Jobs;

/// <summary>Connects the pause/resume of accounts to the rest: a paused account's admins are notified (throttled by the
/// notifier), a resumed account is polled at once so its backlog is processed. At start-up the persisted states are
/// read, so an account that was already waiting for sign-in stays paused.</summary>
public sealed class ReauthCoordinator : IHostedService, IDisposable
{
    private readonly AckPollerOptions _options;
    private readonly AccountPauses _pauses;
    private readonly AccountPollRunner _runner;
    private readonly AdminNotifier _notifier;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Task, byte> _pending = new();
    private readonly CancellationTokenSource _stopping = new();

    public ReauthCoordinator(AckPollerOptions options, AccountPauses pauses, AccountPollRunner runner, AdminNotifier notifier, ILogger<ReauthCoordinator> logger)
    {
        _options = options;
        _pauses = pauses;
        _runner = runner;
        _notifier = notifier;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _pauses.Paused += OnPaused;
        _pauses.Resumed += OnResumed;
        await _pauses.InitializeAsync(_options.Accounts.Select(a => a.Name), cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _pauses.Paused -= OnPaused;
        _pauses.Resumed -= OnResumed;
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_pending.Keys).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            JobsLog.PendingAdminNotificationsAbandonedShutdown(_logger);
        }
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>Completes when every notification started so far has been sent (or failed); for tests and shutdown.</summary>
    public Task WhenNotifiedAsync() => Task.WhenAll(_pending.Keys);

    private void OnPaused(object? sender, AccountPausedEventArgs e)
    {
        var task = NotifyAsync(e);
        _pending.TryAdd(task, 0);
        _ = task.ContinueWith(t => _pending.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void OnResumed(object? sender, Auth.AccountAuthStatus status) => _runner.RequestPoll(status.Account, "resumed");

    private async Task NotifyAsync(AccountPausedEventArgs e)
    {
        await Task.Yield();
        try
        {
            await _notifier.NotifyAccountPausedAsync(e.Status, _stopping.Token);
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            JobsLog.AdminsCouldNotNotifiedTrying(_logger, ex, e.Account, e.Status.State, ex.Message);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }
}
