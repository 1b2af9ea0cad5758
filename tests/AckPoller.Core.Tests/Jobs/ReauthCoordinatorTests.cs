using AckPoller.Core.Auth;
using AckPoller.Core.Auth.State;
using AckPoller.Core.Configuration;
using AckPoller.Core.Jobs;
using AckPoller.Core.MailErrors;
using AckPoller.Core.Notifications;
using AckPoller.Core.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Jobs;

/// <summary>Auth state events pause and resume accounts: paused → admins told (throttled), not polled; Authorized →
/// polled at once (the backlog).</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ReauthCoordinatorTests : IAsyncDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly FakeAccountPoller _poller = new();
    private readonly RecordingChannel _channel = new();
    private readonly AckPollerOptions _options = JobsTestOptions.With("a", "b");
    private readonly AuthStateService _states;
    private readonly AccountPauses _pauses;
    private readonly AccountPollGate _gate = new();
    private readonly AccountPollRunner _runner;
    private readonly AdminNotifier _notifier;
    private readonly ReauthCoordinator _coordinator;

    public ReauthCoordinatorTests()
    {
        _states = new AuthStateService(new InMemoryAuthStateStore(), _time, NullLogger<AuthStateService>.Instance);
        _pauses = new AccountPauses(_states, NullLogger<AccountPauses>.Instance);
        _runner = new AccountPollRunner(_options, _poller, _gate, _pauses,
            new MailPipelines(_options.Scheduling, _time, NullLogger<MailPipelines>.Instance), _states, _time, NullLogger<AccountPollRunner>.Instance);
        _notifier = new AdminNotifier(_options, new InMemoryNotificationLog(), _time, NullLogger<AdminNotifier>.Instance, _channel);
        _coordinator = new ReauthCoordinator(_options, _pauses, _runner, _notifier, NullLogger<ReauthCoordinator>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await _coordinator.StopAsync(default);
        _coordinator.Dispose();
        await _runner.DisposeAsync();
        _notifier.Dispose();
        _pauses.Dispose();
        _gate.Dispose();
        _states.Dispose();
    }

    [Fact]
    public async Task ReauthRequired_pauses_the_account_notifies_once_and_Authorized_resumes_with_an_immediate_poll()
    {
        await _coordinator.StartAsync(default);
        await SetAsync("a", AuthState.ReauthRequired);
        await _coordinator.WhenNotifiedAsync();

        Assert.True(_pauses.IsPaused("a", out _));
        Assert.False(_pauses.IsPaused("b", out _));
        Assert.Single(_channel.Sent);
        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull((await _runner.PollAsync("a", "schedule", default))!.SkippedBecause);
            await _coordinator.WhenNotifiedAsync();
        }

        Assert.Equal(0, _poller.CallsFor("a"));
        Assert.Single(_channel.Sent);
        Assert.Null((await _runner.PollAsync("b", "schedule", default))!.SkippedBecause);

        await SetAsync("a", AuthState.Authorized);
        await JobsTestOptions.EventuallyAsync(() => _poller.CallsFor("a") == 1, "the catch-up poll after resume");
        Assert.False(_pauses.IsPaused("a", out _));
    }

    [Fact]
    public async Task A_paused_account_is_reminded_after_RepeatEvery_while_it_stays_paused()
    {
        await _coordinator.StartAsync(default);
        await SetAsync("a", AuthState.ReauthRequired);
        await _coordinator.WhenNotifiedAsync();
        await _runner.PollAsync("a", "schedule", default);
        await _coordinator.WhenNotifiedAsync();
        Assert.Single(_channel.Sent);

        _time.Advance(_options.Notifications.RepeatEvery);
        await _runner.PollAsync("a", "schedule", default);
        await _coordinator.WhenNotifiedAsync();

        Assert.Equal(2, _channel.Sent.Count);
    }

    [Fact]
    public async Task An_account_persisted_as_needing_sign_in_starts_paused()
    {
        await SetAsync("b", AuthState.MailboxAccessDenied);

        await _coordinator.StartAsync(default);
        await _coordinator.WhenNotifiedAsync();

        Assert.True(_pauses.IsPaused("b", out var status));
        Assert.Equal(AuthState.MailboxAccessDenied, status.State);
        Assert.Single(_channel.Sent);
    }

    [Fact]
    public async Task An_account_signed_in_by_another_process_resumes_on_its_next_tick()
    {
        await _coordinator.StartAsync(default);
        await SetAsync("a", AuthState.ReauthRequired);

        // `ackpoller auth login` in another process writes the store; this process hears no event.
        await new InMemoryStoreWriter(_states).WriteAuthorizedBehindTheBackAsync("a");
        var result = await _runner.PollAsync("a", "schedule", default);

        Assert.Null(result!.SkippedBecause);
        Assert.False(_pauses.IsPaused("a", out _));
    }

    private async Task SetAsync(string account, AuthState state) =>
        await _states.UpdateAsync(account, s => s with { State = state, Reason = $"test: {state}" }, default);

    /// <summary>Changes the persisted state without the service's event, as another process would.</summary>
    private sealed class InMemoryStoreWriter(AuthStateService states)
    {
        public async Task WriteAuthorizedBehindTheBackAsync(string account)
        {
            var store = (InMemoryAuthStateStore)typeof(AuthStateService)
                .GetField("_store", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(states)!;
            var current = await states.GetAsync(account, default);
            await store.SaveAsync(current with { State = AuthState.Authorized }, default);
        }
    }
}
