using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Jobs;
using AckPoller.Core.MailErrors;
using AckPoller.Core.Tests.Support;
using AckPoller.Mail;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Jobs;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class AccountPollRunnerTests : IAsyncDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly FakeAccountPoller _poller = new();
    private readonly ListLoggerProvider _logs = new();
    private readonly AccountPollGate _gate = new();
    private readonly AccountPauses _pauses = new(null, NullLogger<AccountPauses>.Instance);
    private readonly AckPollerOptions _options = JobsTestOptions.With("a", "b");
    private readonly AccountPollRunner _runner;

    public AccountPollRunnerTests()
    {
        var loggers = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        _runner = new AccountPollRunner(_options, _poller, _gate, _pauses,
            new MailPipelines(_options.Scheduling, _time, NullLogger<MailPipelines>.Instance), null, _time, loggers.CreateLogger<AccountPollRunner>());
    }

    public async ValueTask DisposeAsync()
    {
        await _runner.DisposeAsync();
        _gate.Dispose();
        _pauses.Dispose();
    }

    [Fact]
    public async Task One_account_is_never_polled_twice_at_once_whoever_asks()
    {
        var release = new TaskCompletionSource();
        _poller.Holds["a"] = release.Task;

        var polls = Enumerable.Range(0, 4).Select(_ => _runner.PollAsync("a", "schedule", default)).ToList();
        _runner.RequestPoll("a", "idle");
        await JobsTestOptions.EventuallyAsync(() => _poller.CallsFor("a") == 1, "first poll of a");
        await Task.Delay(50);
        Assert.Equal(1, _poller.CallsFor("a"));

        release.SetResult();
        await Task.WhenAll(polls);
        await JobsTestOptions.EventuallyAsync(() => _poller.CallsFor("a") == 5, "all polls of a");
        Assert.Equal(1, _poller.MaxConcurrent["a"]);
    }

    [Fact]
    public async Task A_hung_account_does_not_delay_another()
    {
        _poller.Holds["a"] = new TaskCompletionSource().Task;
        var hung = _runner.PollAsync("a", "schedule", default);

        var result = await _runner.PollAsync("b", "schedule", default).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.NotNull(result);
        Assert.False(hung.IsCompleted);
    }

    [Fact]
    public async Task A_failing_account_is_contained_and_logged_and_another_still_polls()
    {
        _poller.Failures["a"] = () => new MailConnectionException("connection refused");

        var failed = await _runner.PollAsync("a", "schedule", default);
        var other = await _runner.PollAsync("b", "schedule", default);

        Assert.Null(failed);
        Assert.NotNull(other);
        Assert.Equal(1, _logs.Count(LogLevel.Warning, "Account a: poll (schedule) failed (transient): connection refused"));
    }

    [Fact]
    public async Task A_database_outage_is_logged_as_a_store_failure_without_a_stack_trace()
    {
        _poller.Failures["a"] = () => new Npgsql.NpgsqlException("Failed to connect to 127.0.0.1:5432",
            new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));

        var failed = await _runner.PollAsync("a", "schedule", default);

        Assert.Null(failed);
        Assert.Equal(1, _logs.Count(LogLevel.Warning, "Account a: poll (schedule) failed (store unavailable): Failed to connect to 127.0.0.1:5432"));
        Assert.Empty(_logs.Exceptions);
    }

    [Fact]
    public async Task Requests_while_a_poll_runs_are_merged_into_one_more_poll()
    {
        var release = new TaskCompletionSource();
        _poller.Holds["a"] = release.Task;
        var running = _runner.PollAsync("a", "schedule", default);
        await JobsTestOptions.EventuallyAsync(() => _poller.CallsFor("a") == 1, "first poll");

        for (var i = 0; i < 10; i++)
        {
            _runner.RequestPoll("a", "idle");
        }

        release.SetResult();
        await running;
        await JobsTestOptions.EventuallyAsync(() => _poller.CallsFor("a") == 2, "the merged poll");
        await Task.Delay(100);
        Assert.Equal(2, _poller.CallsFor("a"));
    }

    [Fact]
    public async Task A_dead_server_opens_its_circuit_and_later_polls_do_not_touch_it_while_other_servers_are_polled()
    {
        _options.Scheduling.CircuitFailureThreshold = 3;
        _poller.Failures["a"] = () => new MailConnectionException("connection refused");

        for (var i = 0; i < 3; i++)
        {
            await _runner.PollAsync("a", "schedule", default);
        }

        await _runner.PollAsync("a", "schedule", default);
        await _runner.PollAsync("a", "schedule", default);
        await _runner.PollAsync("b", "schedule", default);

        Assert.Equal(3, _poller.CallsFor("a"));
        Assert.Equal(1, _poller.CallsFor("b"));
    }

    [Fact]
    public async Task A_paused_account_is_not_polled_and_says_so_once_per_interval()
    {
        _pauses.Apply(Status("a", AuthState.ReauthRequired, "The refresh token expired."));

        for (var i = 0; i < 5; i++)
        {
            var skipped = await _runner.PollAsync("a", "schedule", default);
            Assert.StartsWith("ReauthRequired", skipped!.SkippedBecause, StringComparison.Ordinal);
        }

        Assert.Equal(0, _poller.CallsFor("a"));
        Assert.Equal(1, _logs.Count(LogLevel.Warning, "Account a: not polled: ReauthRequired"));

        _time.Advance(_options.Scheduling.PausedLogInterval);
        await _runner.PollAsync("a", "schedule", default);
        await _runner.PollAsync("a", "schedule", default);
        Assert.Equal(2, _logs.Count(LogLevel.Warning, "Account a: not polled: ReauthRequired"));
        Assert.Equal(1, (await _runner.PollAsync("b", "schedule", default)) is { SkippedBecause: null } ? 1 : 0);
    }

    [Fact]
    public async Task A_paused_account_whose_fix_is_outside_AckPoller_gets_a_trial_poll_every_recheck_interval()
    {
        _pauses.Apply(Status("a", AuthState.MailboxAccessDenied, "IMAP is disabled for the mailbox."));

        await _runner.PollAsync("a", "schedule", default);
        Assert.Equal(0, _poller.CallsFor("a"));

        _time.Advance(_options.Scheduling.PausedRecheckInterval);
        await _runner.PollAsync("a", "schedule", default);
        await _runner.PollAsync("a", "schedule", default);
        Assert.Equal(1, _poller.CallsFor("a"));
    }

    internal static AccountAuthStatus Status(string account, AuthState state, string reason) => new()
    {
        Account = account,
        State = state,
        Reason = reason,
        Since = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
        UpdatedAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };
}
