using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.MailErrors;
using AckPoller.Core.Resilience;
using AckPoller.Core.Tests.Support;
using AckPoller.Mail;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Smtp;
using AckPoller.Mail.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.CircuitBreaker;

namespace AckPoller.Core.Tests.Resilience;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class MailPipelinesTests
{
    private static readonly MailEndpoint ServerA = new("imap-a.example.test", 993, TlsMode.Implicit);
    private static readonly MailEndpoint ServerB = new("imap-b.example.test", 993, TlsMode.Implicit);

    private readonly ManualTimeProvider _time = new();
    private readonly SchedulingOptions _options = new() { MailRetries = 3, CircuitFailureThreshold = 4 };

    public static TheoryData<Exception> Permanent() => new()
    {
        new MailAuthenticationException("AUTHENTICATE failed", "NO [AUTHENTICATIONFAILED] Invalid credentials"),
        new ImapCommandException("SELECT failed", "NO Mailbox does not exist"),
        new SmtpCommandException("RCPT refused", 550, "5.1.1", "550 5.1.1 No such user"),
        new MailTlsException("The certificate is not trusted"),
        new AccountAuthException("oncall", AuthState.ReauthRequired, "AADSTS700082", "The refresh token expired."),
        new ConfigurationException(["Accounts:0:IncomingServer: bad"]),
    };

    [Theory]
    [MemberData(nameof(Permanent))]
    public async Task Permanent_errors_are_never_retried(Exception error)
    {
        var pipelines = new MailPipelines(_options, _time, NullLogger<MailPipelines>.Instance);
        var calls = 0;

        var thrown = await Assert.ThrowsAnyAsync<Exception>(async () =>
            await pipelines.Connection(ServerA).ExecuteAsync(_ =>
            {
                calls++;
                throw error;
            }));

        Assert.Same(error, thrown);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Transient_errors_are_retried_with_growing_delays_from_the_injected_clock()
    {
        _options.MailRetryBaseDelay = TimeSpan.FromSeconds(10);
        var pipelines = new MailPipelines(_options, _time, NullLogger<MailPipelines>.Instance);
        var attempts = new List<DateTimeOffset>();

        var run = pipelines.Connection(ServerA).ExecuteAsync(_ =>
        {
            attempts.Add(_time.GetUtcNow());
            return attempts.Count < 3 ? throw new MailConnectionException("connection reset") : ValueTask.CompletedTask;
        }).AsTask();
        await AdvanceUntilAsync(run);

        Assert.Equal(3, attempts.Count);
        var first = attempts[1] - attempts[0];
        var second = attempts[2] - attempts[1];
        Assert.InRange(first, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(40));
        Assert.True(second > TimeSpan.Zero);
    }

    [Fact]
    public async Task Smtp_4xx_is_retried_and_5xx_is_not()
    {
        _options.MailRetryBaseDelay = TimeSpan.Zero;
        var pipelines = new MailPipelines(_options, _time, NullLogger<MailPipelines>.Instance);
        var calls = 0;

        var run = pipelines.SmtpSend(ServerA).ExecuteAsync(_ =>
        {
            calls++;
            return calls == 1 ? throw new SmtpCommandException("busy", 451, "4.3.0", "451 4.3.0 Try again later") : ValueTask.CompletedTask;
        }).AsTask();
        await AdvanceUntilAsync(run);
        Assert.Equal(2, calls);

        calls = 0;
        await Assert.ThrowsAsync<SmtpCommandException>(async () => await pipelines.SmtpSend(ServerB).ExecuteAsync(_ =>
        {
            calls++;
            throw new SmtpCommandException("refused", 554, "5.7.1", "554 5.7.1 Relay denied");
        }));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task The_circuit_opens_per_server_so_a_dead_server_is_not_hammered_and_others_are_unaffected()
    {
        _options.MailRetries = 0;
        var pipelines = new MailPipelines(_options, _time, NullLogger<MailPipelines>.Instance);
        var callsA = 0;
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<MailConnectionException>(async () =>
                await pipelines.Connection(ServerA).ExecuteAsync(_ => { callsA++; throw new MailConnectionException("refused"); }));
        }

        await Assert.ThrowsAsync<BrokenCircuitException>(async () =>
            await pipelines.Connection(ServerA).ExecuteAsync(_ => { callsA++; return ValueTask.CompletedTask; }));
        var callsB = 0;
        await pipelines.Connection(ServerB).ExecuteAsync(_ => { callsB++; return ValueTask.CompletedTask; });

        Assert.Equal(4, callsA);
        Assert.Equal(1, callsB);

        _time.Advance(_options.CircuitBreakDuration);
        await pipelines.Connection(ServerA).ExecuteAsync(_ => { callsA++; return ValueTask.CompletedTask; });
        Assert.Equal(5, callsA);
    }

    [Fact]
    public async Task Permanent_errors_do_not_open_the_circuit()
    {
        _options.MailRetries = 0;
        var pipelines = new MailPipelines(_options, _time, NullLogger<MailPipelines>.Instance);
        for (var i = 0; i < 10; i++)
        {
            await Assert.ThrowsAsync<MailAuthenticationException>(async () =>
                await pipelines.Connection(ServerA).ExecuteAsync(_ => throw new MailAuthenticationException("bad password")));
        }

        var called = false;
        await pipelines.Connection(ServerA).ExecuteAsync(_ => { called = true; return ValueTask.CompletedTask; });
        Assert.True(called);
    }

    [Fact]
    public void Backoff_doubles_with_jitter_and_is_capped()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), Backoff.Delay(1, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), 1));
        Assert.Equal(TimeSpan.FromSeconds(4), Backoff.Delay(3, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), 1));
        Assert.Equal(TimeSpan.FromSeconds(2), Backoff.Delay(3, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), 0));
        Assert.Equal(TimeSpan.FromMinutes(5), Backoff.Delay(40, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), 1));
    }

    private async Task AdvanceUntilAsync(Task task)
    {
        for (var i = 0; i < 1000 && !task.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }

        await task;
    }
}
