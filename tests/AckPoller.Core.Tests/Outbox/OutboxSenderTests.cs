using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;
using AckPoller.Core.Tests.Storage;
using AckPoller.Mail;
using AckPoller.Mail.Smtp;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Outbox;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class OutboxSenderTests
{
    private readonly AlertsOptions _options = new() { OutboxMaxAttempts = 3, OutboxRetryBaseDelay = TimeSpan.FromMinutes(1), OutboxRetryMaxDelay = TimeSpan.FromMinutes(10) };

    [Fact]
    public async Task Due_messages_are_sent_over_one_session_and_marked_sent()
    {
        using var engine = await EngineStore.OpenAsync();
        var transport = new FakeTransport();
        var ids = new[] { await EnqueueAsync(engine, 1), await EnqueueAsync(engine, 2), await EnqueueAsync(engine, 3, delay: TimeSpan.FromHours(1)) };

        var result = await Sender(engine, transport).SendDueAsync(default);

        Assert.Equal(new OutboxSendResult(2, 0, 0), result);
        Assert.Equal([1, 2], transport.Delivered);
        Assert.Equal(1, transport.Opened);
        var first = await engine.Store.Outbox.GetAsync(ids[0], default);
        Assert.Equal((OutboxState.Sent, 1, engine.Time.GetUtcNow()), (first!.State, first.Attempts, first.SentAt));
        Assert.Equal(OutboxState.Pending, (await engine.Store.Outbox.GetAsync(ids[2], default))!.State);
    }

    [Fact]
    public async Task A_permanent_refusal_marks_that_message_dead_with_the_reason_and_the_others_still_go()
    {
        using var engine = await EngineStore.OpenAsync();
        var transport = new FakeTransport();
        transport.Fail(1, new SmtpCommandException("The server refused every recipient: 501 5.1.3 Bad recipient address syntax", 501, "5.1.3", "501 5.1.3 Bad recipient address syntax"));
        transport.Fail(2, new ArgumentException("The envelope address contains a forbidden character"));
        var bad = await EnqueueAsync(engine, 1);
        var unusable = await EnqueueAsync(engine, 2);
        await EnqueueAsync(engine, 3);

        var result = await Sender(engine, transport).SendDueAsync(default);

        Assert.Equal(new OutboxSendResult(1, 0, 2), result);
        Assert.Equal([3], transport.Delivered);
        var dead = await engine.Store.Outbox.GetAsync(bad, default);
        Assert.Equal((OutboxState.Dead, 1), (dead!.State, dead.Attempts));
        Assert.Contains("501 5.1.3", dead.LastError, StringComparison.Ordinal);
        Assert.Contains("forbidden character", (await engine.Store.Outbox.GetAsync(unusable, default))!.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transient_failures_back_off_exponentially_then_the_message_dies_after_the_attempt_limit()
    {
        using var engine = await EngineStore.OpenAsync();
        var transport = new FakeTransport();
        transport.Fail(1,
            new SmtpCommandException("451 4.3.0 try later", 451, "4.3.0", "451 4.3.0 try later"),
            new MailConnectionException("connection reset"),
            new SmtpCommandException("452 4.3.1 insufficient storage", 452, "4.3.1", "452 4.3.1 insufficient storage"));
        var id = await EnqueueAsync(engine, 1);
        var sender = Sender(engine, transport);

        Assert.Equal(new OutboxSendResult(0, 1, 0), await sender.SendDueAsync(default));
        var first = await engine.Store.Outbox.GetAsync(id, default);
        Assert.Equal((OutboxState.Pending, 1), (first!.State, first.Attempts));
        Assert.Contains("451 4.3.0", first.LastError, StringComparison.Ordinal);
        AssertDelay(first.NextAttemptAt - engine.Time.GetUtcNow(), TimeSpan.FromMinutes(1));
        Assert.Equal(new OutboxSendResult(0, 0, 0), await sender.SendDueAsync(default));

        engine.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(new OutboxSendResult(0, 1, 0), await sender.SendDueAsync(default));
        var second = await engine.Store.Outbox.GetAsync(id, default);
        AssertDelay(second!.NextAttemptAt - engine.Time.GetUtcNow(), TimeSpan.FromMinutes(2));
        Assert.Contains("connection reset", second.LastError, StringComparison.Ordinal);

        engine.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(new OutboxSendResult(0, 0, 1), await sender.SendDueAsync(default));
        var dead = await engine.Store.Outbox.GetAsync(id, default);
        Assert.Equal((OutboxState.Dead, 3), (dead!.State, dead.Attempts));
        Assert.StartsWith("gave up after 3 attempts: deferred (452 4.3.1)", dead.LastError, StringComparison.Ordinal);
        Assert.Equal(3, transport.Opened);
    }

    [Fact]
    public async Task A_broken_connection_is_replaced_for_the_next_message()
    {
        using var engine = await EngineStore.OpenAsync();
        var transport = new FakeTransport();
        transport.Fail(1, new MailConnectionException("connection reset"));
        await EnqueueAsync(engine, 1);
        await EnqueueAsync(engine, 2);

        Assert.Equal(new OutboxSendResult(1, 1, 0), await Sender(engine, transport).SendDueAsync(default));
        Assert.Equal([2], transport.Delivered);
        Assert.Equal(2, transport.Opened);
    }

    [Fact]
    public async Task An_unreachable_server_costs_one_attempt_of_one_message_and_ends_the_run()
    {
        using var engine = await EngineStore.OpenAsync();
        var transport = new FakeTransport { OpenFailure = new MailConnectionException("Connection refused") };
        var first = await EnqueueAsync(engine, 1);
        var second = await EnqueueAsync(engine, 2);

        var result = await Sender(engine, transport).SendDueAsync(default);

        Assert.Equal((0, 1, 0), (result.Sent, result.Retried, result.Dead));
        Assert.Contains("Connection refused", result.StoppedBecause, StringComparison.Ordinal);
        Assert.Equal(1, transport.Opened);
        Assert.Equal(1, (await engine.Store.Outbox.GetAsync(first, default))!.Attempts);
        Assert.Equal(0, (await engine.Store.Outbox.GetAsync(second, default))!.Attempts);
        Assert.Equal([second], (await engine.Store.Outbox.GetDueAsync(engine.Time.GetUtcNow(), 10, default)).Select(m => m.Id));
    }

    [Fact]
    public async Task A_sender_account_needing_sign_in_pauses_the_run_without_spending_attempts()
    {
        using var engine = await EngineStore.OpenAsync();
        var transport = new FakeTransport { OpenFailure = new AccountAuthException("oncall", AuthState.ReauthRequired, "invalid_grant", "Sign in again") };
        var id = await EnqueueAsync(engine, 1);
        await EnqueueAsync(engine, 2);

        var result = await Sender(engine, transport).SendDueAsync(default);

        Assert.Equal((0, 0, 0), (result.Sent, result.Retried, result.Dead));
        Assert.Contains("Sign in again", result.StoppedBecause, StringComparison.Ordinal);
        Assert.Equal(1, transport.Opened);
        var message = await engine.Store.Outbox.GetAsync(id, default);
        Assert.Equal((OutboxState.Pending, 0), (message!.State, message.Attempts));
        Assert.Equal(2, (await engine.Store.Outbox.GetDueAsync(engine.Time.GetUtcNow(), 10, default)).Count);
    }

    [Fact]
    public async Task A_message_claimed_by_another_sender_is_left_alone()
    {
        using var engine = await EngineStore.OpenAsync();
        var transport = new FakeTransport();
        var id = await EnqueueAsync(engine, 1);
        var now = engine.Time.GetUtcNow();
        var sender = Sender(engine, transport);
        Assert.True(await engine.Store.Outbox.TryClaimAsync(id, now, now + sender.ClaimLease, default));

        Assert.Equal(new OutboxSendResult(0, 0, 0), await sender.SendDueAsync(default));
        engine.Time.Advance(sender.ClaimLease);
        Assert.Equal(new OutboxSendResult(1, 0, 0), await sender.SendDueAsync(default));
    }

    [Fact]
    public void Backoff_doubles_up_to_the_cap_with_at_most_ten_percent_jitter()
    {
        var sender = new OutboxSender(null!, new FakeTransport(), _options, TimeProvider.System, NullLogger<OutboxSender>.Instance);
        AssertDelay(sender.Backoff(1), TimeSpan.FromMinutes(1));
        AssertDelay(sender.Backoff(3), TimeSpan.FromMinutes(4));
        AssertDelay(sender.Backoff(40), TimeSpan.FromMinutes(10));
    }

    private static void AssertDelay(TimeSpan actual, TimeSpan expected) =>
        Assert.InRange(actual, expected, expected * 1.1);

    private OutboxSender Sender(EngineStore engine, FakeTransport transport) =>
        new(engine.Store.Outbox, transport, _options, engine.Time, NullLogger<OutboxSender>.Instance);

    private static Task<long> EnqueueAsync(EngineStore engine, byte marker, TimeSpan? delay = null) =>
        engine.Store.Outbox.EnqueueAsync(new OutboxMessage
        {
            Kind = OutboxKind.Confirmation,
            Recipients = ["jane@example.com"],
            MessageId = $"m{marker}@ackpoller.test",
            Raw = new[] { marker },
            CreatedAt = engine.Time.GetUtcNow(),
            NextAttemptAt = engine.Time.GetUtcNow() + (delay ?? TimeSpan.Zero),
        }, default);
}
