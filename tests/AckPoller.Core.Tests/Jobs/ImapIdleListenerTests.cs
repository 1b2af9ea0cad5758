using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Jobs;
using AckPoller.Core.Tests.Support;
using AckPoller.Mail;
using AckPoller.Mail.Imap;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Jobs;

/// <summary>The listener's failure handling, with a connector that fails as told (the happy path runs against the real
/// Dovecot in the integration tests).</summary>
public sealed class ImapIdleListenerTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly ListLoggerProvider _logs = new();
    private readonly AccountPauses _pauses = new(null, NullLogger<AccountPauses>.Instance);
    private readonly MailAccountOptions _account = JobsTestOptions.With("a").Accounts[0];

    public void Dispose() => _pauses.Dispose();

    [Fact]
    public async Task Repeated_failures_fall_back_to_polling_and_say_so_once()
    {
        _account.Polling.IdleFailuresBeforeFallback = 3;
        var connector = new FailingConnector(_ => new MailConnectionException("connection refused"));
        using var stop = new CancellationTokenSource();
        var listener = Listener(connector);

        var run = listener.RunAsync(stop.Token);
        await AdvanceUntilAsync(() => connector.Calls >= 8);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(listener.FellBackToPolling);
        Assert.Equal(1, _logs.Count(LogLevel.Warning, "relying on polling"));
        Assert.Equal(2, _logs.Count(LogLevel.Information, "reconnecting in"));
    }

    [Fact]
    public async Task Access_token_expired_reconnects_at_once_with_a_fresh_token()
    {
        var connector = new FailingConnector(call => call == 1
            ? new MailSessionEndedException("The server ended the session", "* BYE Session invalidated - AccessTokenExpired")
            : new MailConnectionException("stop here"));
        using var stop = new CancellationTokenSource();

        var run = Listener(connector).RunAsync(stop.Token);
        await JobsTestOptions.EventuallyAsync(() => connector.Calls >= 2, "the reconnect");
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([false, true], connector.FreshTokens.Take(2));
    }

    [Fact]
    public async Task A_paused_account_does_not_connect_until_it_resumes()
    {
        _pauses.Apply(AccountPollRunnerTests.Status("a", AuthState.ReauthRequired, "sign in"));
        var connector = new FailingConnector(_ => new MailConnectionException("stop here"));
        using var stop = new CancellationTokenSource();

        var run = Listener(connector).RunAsync(stop.Token);
        await Task.Delay(100);
        Assert.Equal(0, connector.Calls);

        _pauses.Apply(AccountPollRunnerTests.Status("a", AuthState.Authorized, "signed in"));
        await JobsTestOptions.EventuallyAsync(() => connector.Calls >= 1, "the connect after resume");
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
    }

    private ImapIdleListener Listener(IImapIdleConnector connector) =>
        new(_account, connector, _pauses, (_, _) => { }, _time, LoggerFactory.Create(b => b.AddProvider(_logs)).CreateLogger("idle"), () => 1.0);

    private async Task AdvanceUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 5000 && !condition(); i++)
        {
            _time.Advance(TimeSpan.FromSeconds(30));
            await Task.Delay(1);
        }

        Assert.True(condition());
    }

    private sealed class FailingConnector(Func<int, Exception> failure) : IImapIdleConnector
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public List<bool> FreshTokens { get; } = [];

        public Task<ImapClient> ConnectAsync(string account, bool freshToken, CancellationToken cancellationToken)
        {
            lock (FreshTokens)
            {
                FreshTokens.Add(freshToken);
            }

            return Task.FromException<ImapClient>(failure(Interlocked.Increment(ref _calls)));
        }
    }
}
