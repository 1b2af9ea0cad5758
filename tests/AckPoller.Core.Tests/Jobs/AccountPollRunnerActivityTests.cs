using AckPoller.Core.Accounts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Jobs;
using AckPoller.Core.MailErrors;
using AckPoller.Core.Tests.Support;
using AckPoller.Mail;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Jobs;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class AccountPollRunnerActivityTests : IAsyncDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly FakeAccountPoller _poller = new();
    private readonly AccountPollGate _gate = new();
    private readonly AccountPauses _pauses = new(null, NullLogger<AccountPauses>.Instance);
    private readonly AckPollerOptions _options = JobsTestOptions.With("a", "b");
    private readonly RecordingActivity _activity = new();
    private readonly AccountPollRunner _runner;

    public AccountPollRunnerActivityTests()
    {
        _runner = new AccountPollRunner(_options, _poller, _gate, _pauses,
            new MailPipelines(_options.Scheduling, _time, NullLogger<MailPipelines>.Instance), null, _time, NullLogger<AccountPollRunner>.Instance, _activity);
    }

    public async ValueTask DisposeAsync()
    {
        await _runner.DisposeAsync();
        _gate.Dispose();
        _pauses.Dispose();
    }

    [Fact]
    public async Task A_finished_poll_is_recorded_with_its_counts()
    {
        await _runner.PollAsync("a", "schedule", default);

        var (account, summary, error) = Assert.Single(_activity.Polls);
        Assert.Equal("a", account);
        Assert.StartsWith("fetched 0, applied 0", summary, StringComparison.Ordinal);
        Assert.Null(error);
    }

    [Fact]
    public async Task A_failed_poll_is_recorded_with_its_error()
    {
        _poller.Failures["b"] = () => new MailConnectionException("connection refused");

        await _runner.PollAsync("b", "schedule", default);

        var (account, summary, error) = Assert.Single(_activity.Polls);
        Assert.Equal("b", account);
        Assert.Equal("failed", summary);
        Assert.Equal("connection refused", error);
    }

    [Fact]
    public async Task A_store_that_cannot_record_does_not_fail_the_poll()
    {
        _activity.Broken = true;

        Assert.NotNull(await _runner.PollAsync("a", "schedule", default));
    }

    private sealed class RecordingActivity : IAccountActivityStore
    {
        public List<(string Account, string Summary, string? Error)> Polls { get; } = [];

        public bool Broken { get; set; }

        public Task RecordPollAsync(string account, DateTimeOffset at, string summary, string? error, CancellationToken cancellationToken)
        {
            if (Broken)
            {
                throw new InvalidOperationException("database is locked");
            }

            lock (Polls)
            {
                Polls.Add((account, summary, error));
            }

            return Task.CompletedTask;
        }

        public Task RecordIdleAsync(string account, bool connected, DateTimeOffset at, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<AccountActivity>> GetAllAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<AccountActivity>>([]);
    }
}
