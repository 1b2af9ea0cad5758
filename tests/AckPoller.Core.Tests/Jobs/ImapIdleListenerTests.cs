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
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ImapIdleListenerTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly ListLoggerProvider _logs = new();
    private readonly AccountPauses _pauses = new(null, NullLogger<AccountPauses>.Instance);
    private readonly MailAccountOptions _account = JobsTestOptions.With("a").Accounts[0];

    public void Dispose() => _pauses.Dispose();

    [Fact]
    public async Task Repeated_idle_failures_on_a_reachable_server_fall_back_to_polling_and_say_so_once()
    {
        _account.Polling.IdleFailuresBeforeFallback = 3;
        await using var server = new IdleDroppingServer();
        var connector = new ScriptedConnector(server);
        using var stop = new CancellationTokenSource();
        var listener = Listener(connector);

        var run = listener.RunAsync(stop.Token);
        await AdvanceUntilAsync(() => connector.Calls >= 5);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(listener.FellBackToPolling);
        Assert.Equal(1, _logs.Count(LogLevel.Warning, "relying on polling"));
        Assert.Equal(2, _logs.Count(LogLevel.Information, "reconnecting in"));
    }

    [Fact]
    public async Task An_outage_does_not_give_idle_up_and_idle_is_back_within_a_minute_of_the_servers_return()
    {
        // Defaults: 5 failures before the 15-minute fallback. The server is down for 60 s, then 10 more minutes
        // (a long outage must not turn into a fallback either).
        var start = _time.GetUtcNow();
        var back = start + TimeSpan.FromMinutes(11);
        var attempts = new List<DateTimeOffset>();
        var connector = new FailingConnector(_ =>
        {
            lock (attempts)
            {
                attempts.Add(_time.GetUtcNow());
            }

            return new MailConnectionException(_time.GetUtcNow() < back ? "connection refused" : "stop here");
        });
        using var stop = new CancellationTokenSource();
        var listener = Listener(connector);

        var run = listener.RunAsync(stop.Token);
        await AdvanceUntilAsync(() => { lock (attempts) { return attempts.Count > 0 && attempts[^1] >= back; } }, TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(listener.FellBackToPolling);
        Assert.Equal(0, _logs.Count(LogLevel.Warning, "relying on polling"));
        Assert.InRange(attempts[^1] - back, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Assert.All(attempts.Zip(attempts.Skip(1)), pair => Assert.True(pair.Second - pair.First <= ImapIdleListener.OutageRetryMaxDelay + TimeSpan.FromSeconds(1)));
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

    private async Task AdvanceUntilAsync(Func<bool> condition, TimeSpan? step = null)
    {
        for (var i = 0; i < 5000 && !condition(); i++)
        {
            _time.Advance(step ?? TimeSpan.FromSeconds(30));
            await Task.Delay(1);
        }

        Assert.True(condition());
    }

    /// <summary>Connects to <see cref="IdleDroppingServer"/>: the connection works, IDLE does not.</summary>
    private sealed class ScriptedConnector(IdleDroppingServer server) : IImapIdleConnector
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public async Task<ImapClient> ConnectAsync(string account, bool freshToken, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            var tcp = new System.Net.Sockets.TcpClient();
            await tcp.ConnectAsync(System.Net.IPAddress.Loopback, server.Port, cancellationToken);
            var client = new ImapClient();
            await client.ConnectAsync(tcp.GetStream(), "127.0.0.1", server.Port, AckPoller.Mail.Transport.TlsMode.None, cancellationToken);
            return client;
        }
    }

    /// <summary>A loopback IMAP server that greets with IDLE, answers EXAMINE, and drops the connection as soon as
    /// IDLE starts: a healthy server on which IDLE itself fails (a middlebox killing idle connections).</summary>
    private sealed class IdleDroppingServer : IAsyncDisposable
    {
        private readonly System.Net.Sockets.TcpListener _listener = new(System.Net.IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _accepting;

        public IdleDroppingServer()
        {
            _listener.Start();
            _accepting = AcceptAsync();
        }

        public int Port => ((System.Net.IPEndPoint)_listener.LocalEndpoint).Port;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _accepting;
            }
            catch (Exception ex) when (ex is OperationCanceledException or System.Net.Sockets.SocketException or ObjectDisposedException)
            {
            }

            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ServeAsync(socket);
            }
        }

        private async Task ServeAsync(System.Net.Sockets.TcpClient socket)
        {
            using (socket)
            {
                var stream = socket.GetStream();
                using var reader = new StreamReader(stream, System.Text.Encoding.ASCII);
                await using var writer = new StreamWriter(stream, System.Text.Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                try
                {
                    await writer.WriteLineAsync("* OK [CAPABILITY IMAP4rev1 IDLE] test server ready");
                    while (await reader.ReadLineAsync(_stop.Token) is { } line)
                    {
                        var parts = line.Split(' ', 3);
                        var command = parts.Length > 1 ? parts[1].ToUpperInvariant() : string.Empty;
                        switch (command)
                        {
                            case "CAPABILITY":
                                await writer.WriteLineAsync("* CAPABILITY IMAP4rev1 IDLE");
                                await writer.WriteLineAsync($"{parts[0]} OK done");
                                break;
                            case "EXAMINE":
                            case "SELECT":
                                await writer.WriteLineAsync("* 0 EXISTS");
                                await writer.WriteLineAsync("* OK [UIDVALIDITY 1] ok");
                                await writer.WriteLineAsync($"{parts[0]} OK [READ-ONLY] done");
                                break;
                            case "IDLE":
                                await writer.WriteLineAsync("+ idling");
                                return;
                            default:
                                await writer.WriteLineAsync($"{parts[0]} OK done");
                                break;
                        }
                    }
                }
                catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
                {
                }
            }
        }
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
