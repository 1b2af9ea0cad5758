using System.Collections.Concurrent;
using System.Diagnostics;
using AckPoller.Core.Accounts;
using AckPoller.Core.Auth;
using AckPoller.Core.Auth.State;
using AckPoller.Core.Configuration;
using AckPoller.Core.Diagnostics;
using AckPoller.Core.MailErrors;
using AckPoller.Core.Storage;
using AckPoller.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;

namespace AckPoller.Core.Jobs;

/// <summary>Runs one poll of one account, however it was asked for (schedule, IDLE, resume): skips paused accounts with a
/// log line at most once per Scheduling:PausedLogInterval, holds the account's lock, guards the call with the server's
/// circuit breaker and a timeout, and keeps every failure inside the account so another account never notices.</summary>
public sealed class AccountPollRunner : IAsyncDisposable
{
    private readonly AckPollerOptions _options;
    private readonly IAccountPoller _poller;
    private readonly AccountPollGate _gate;
    private readonly AccountPauses _pauses;
    private readonly MailPipelines _pipelines;
    private readonly AuthStateService? _states;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IAccountActivityStore? _activity;
    private readonly ConcurrentDictionary<string, PauseLog> _pauseLogs = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, StrongBoxInt> _queued = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<Task, byte> _requested = new();
    private readonly CancellationTokenSource _lifetime = new();

    public AccountPollRunner(
        AckPollerOptions options,
        IAccountPoller poller,
        AccountPollGate gate,
        AccountPauses pauses,
        MailPipelines pipelines,
        AuthStateService? states,
        TimeProvider time,
        ILogger<AccountPollRunner> logger,
        IAccountActivityStore? activity = null)
    {
        _activity = activity;
        _options = options;
        _poller = poller;
        _gate = gate;
        _pauses = pauses;
        _pipelines = pipelines;
        _states = states;
        _time = time;
        _logger = logger;
    }

    /// <summary>Polls the account now (waiting for a poll already running for it). Returns null when the poll failed
    /// (logged); a result with <see cref="PollResult.SkippedBecause"/> when the account is paused.</summary>
    public async Task<PollResult?> PollAsync(string account, string reason, CancellationToken cancellationToken, Action? started = null)
    {
        var options = _options.FindAccount(account) ?? throw new ArgumentException($"No account named '{account}' is configured.", nameof(account));
        if (_pauses.IsPaused(account, out var paused) && !await MayTryPausedAsync(paused, cancellationToken))
        {
            started?.Invoke();
            AckPollerMetrics.PollFinished(account, TelemetryValues.Skipped, TimeSpan.Zero, _time.GetUtcNow());
            var skipped = new PollResult(account, 0, 0, 0, 0, 0) { SkippedBecause = $"{paused.State}: {paused.Reason}" };
            await RecordAsync(account, "skipped: " + skipped.SkippedBecause, null);
            return skipped;
        }

        var pipeline = _pipelines.Poll(AccountServers.Incoming(options));
        return await _gate.RunExclusiveAsync(account, async token =>
        {
            using var logScope = AccountLogScope.Begin(_logger, account);
            using var span = AckPollerTracing.StartRoot("ackpoller.poll")?.SetTag(AckPollerTracing.AccountAttribute, account);
            var startedAt = Stopwatch.GetTimestamp();
            var outcome = TelemetryValues.Failed;
            try
            {
                var result = await pipeline.ExecuteAsync(async t => await _poller.PollAsync(account, t), token);
                outcome = result.SkippedBecause is null ? TelemetryValues.Ok : TelemetryValues.Skipped;
                Log(result, reason);
                await RecordAsync(account, Summarize(result), null);
                return result;
            }
            catch (BrokenCircuitException)
            {
                outcome = TelemetryValues.CircuitOpen;
                JobsLog.PollSkippedCircuitOpen(_logger, account, reason, options.IncomingServer);
                await RecordAsync(account, "skipped: the circuit for " + options.IncomingServer + " is open after repeated failures", null);
                return null;
            }
            catch (AccountAuthException ex) when (!ex.IsTransient)
            {
                outcome = TelemetryValues.AuthFailed;
                // The state change is recorded and announced (the account pauses, admins are told).
                JobsLog.PollStopped(_logger, account, reason, ex.State, ex.Reason);
                await RecordAsync(account, "failed", $"{ex.State}: {ex.Reason}");
                return null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
            {
                if (StoreFailures.Classify(ex) is { } storeReason)
                {
                    // The database, not the mail server: nothing was filed (a message is moved only after its effect is
                    // committed), so the next poll picks the same messages up. No stack trace for an expected outage.
                    JobsLog.PollFailed(_logger, null, account, reason, "store " + storeReason, ex.Message);
                }
                else
                {
                    JobsLog.PollFailed(_logger, MailFailures.IsTransient(ex) ? null : ex, account, reason, MailFailures.IsTransient(ex) ? "transient" : "permanent", ex.Message);
                }

                await RecordAsync(account, "failed", ex.Message);
                return null;
            }
            finally
            {
                if (outcome != TelemetryValues.Failed || !token.IsCancellationRequested)
                {
                    // A poll cut short by shutdown is not a failure.
                    AckPollerMetrics.PollFinished(account, outcome, AckPollerMetrics.Since(startedAt), _time.GetUtcNow());
                }

                span?.SetTag(AckPollerTracing.ResultAttribute, outcome);
            }
        }, cancellationToken, started);
    }

    /// <summary>Asks for a poll soon without waiting for it (IDLE saw new mail, an account resumed). Requests that arrive
    /// while one is already waiting for its turn are merged into it; one arriving while a poll runs queues exactly one more.</summary>
    public void RequestPoll(string account, string reason)
    {
        var queued = _queued.GetOrAdd(account, _ => new StrongBoxInt());
        if (Interlocked.CompareExchange(ref queued.Value, 1, 0) != 0)
        {
            return;
        }

        var task = Task.Run(async () =>
        {
            try
            {
                await PollAsync(account, reason, _lifetime.Token, () => Volatile.Write(ref queued.Value, 0));
            }
            catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
            {
                // Shutting down.
            }
            finally
            {
                Volatile.Write(ref queued.Value, 0);
            }
        });
        _requested.TryAdd(task, 0);
        _ = task.ContinueWith(t => _requested.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync();
        try
        {
            await Task.WhenAll(_requested.Keys);
        }
        catch (Exception ex)
        {
            JobsLog.RequestedPollEndedErrorDuring(_logger, ex);
        }

        _lifetime.Dispose();
    }

    /// <summary>A paused account is skipped, unless it was fixed elsewhere (the CLI signed it in: the store says so) or,
    /// for problems fixed outside AckPoller (mailbox rights, a password), a trial is due.</summary>
    private async Task<bool> MayTryPausedAsync(AccountAuthStatus paused, CancellationToken cancellationToken)
    {
        if (_states is not null)
        {
            var current = await _states.GetAsync(paused.Account, cancellationToken);
            if (!AccountPauses.PausesPolling(current.State))
            {
                _pauses.Apply(current);
                return true;
            }

            paused = current;
        }

        var now = _time.GetUtcNow();
        var log = _pauseLogs.GetOrAdd(paused.Account, _ => new PauseLog());
        lock (log)
        {
            if (paused.State != AuthState.ReauthRequired && now - (log.LastTrial ?? paused.Since) >= _options.Scheduling.PausedRecheckInterval)
            {
                log.LastTrial = now;
                return true;
            }

            if (log.LastLogged is null || log.LoggedState != paused.State || now - log.LastLogged >= _options.Scheduling.PausedLogInterval)
            {
                log.LastLogged = now;
                log.LoggedState = paused.State;
                JobsLog.NotPolledSince(_logger, paused.Account, paused.State, paused.Since, paused.Reason, WhatToDo(paused));
            }
        }

        _pauses.Remind(paused);
        return false;
    }

    private static string WhatToDo(AccountAuthStatus status) => status.State switch
    {
        AuthState.ReauthRequired when status.Challenge is { } challenge => $"To resume, sign in: {challenge} (or run 'ackpoller auth login {status.Account}').",
        AuthState.ReauthRequired => $"To resume, run 'ackpoller auth login {status.Account}'.",
        AuthState.CredentialInvalid => "To resume, fix the account's credential in the configuration.",
        _ => "To resume, fix the mailbox access; AckPoller tries again by itself.",
    };

    private static string Summarize(PollResult result) =>
        $"fetched {result.Fetched}, applied {result.Applied}, rejected {result.Rejected}, ignored {result.Ignored}, failed {result.Failed}";

    /// <summary>Best effort: the activity row is for people looking at the account; a store hiccup must not fail the poll.</summary>
    private async Task RecordAsync(string account, string summary, string? error)
    {
        if (_activity is null)
        {
            return;
        }

        try
        {
            await _activity.RecordPollAsync(account, _time.GetUtcNow(), summary, error, CancellationToken.None);
        }
        catch (Exception ex)
        {
            JobsLog.CouldNotRecordPollOutcome(_logger, ex, account, ex.Message);
        }
    }

    private void Log(PollResult result, string reason)
    {
        if (result.Fetched > 0 || result.Failed > 0)
        {
            JobsLog.PollDone(_logger, result.Account, reason, result.Fetched, result.Applied, result.Rejected, result.Ignored, result.Failed);
        }
        else
        {
            JobsLog.PollNothingNew(_logger, result.Account, reason);
        }
    }

    private sealed class PauseLog
    {
        public DateTimeOffset? LastLogged { get; set; }

        public AuthState LoggedState { get; set; }

        public DateTimeOffset? LastTrial { get; set; }
    }

    private sealed class StrongBoxInt
    {
        public int Value;
    }
}
