using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;
using AckPoller.Core.Tests.Storage;
using AckPoller.Mail;
using AckPoller.Mail.Smtp;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Outbox;

/// <summary>A server that takes at most N recipients per transaction (452 4.5.3 for the rest) gets the rest in further
/// transactions; what was delivered is recorded, so a retry after a broken connection sends to the others only; a
/// hanging send is cut at Alerts:SendTimeout and the claim lease is twice that (not 10 minutes).</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class RecipientLimitTests
{
    private readonly AlertsOptions _options = new() { OutboxMaxAttempts = 5, OutboxRetryBaseDelay = TimeSpan.FromMinutes(1), OutboxRetryMaxDelay = TimeSpan.FromMinutes(10) };

    [Fact]
    public async Task Recipients_over_the_servers_limit_go_in_further_transactions_and_everyone_gets_it_once()
    {
        using var engine = await EngineStore.OpenAsync();
        var transport = new LimitedTransport(limit: 100);
        var recipients = Enumerable.Range(0, 250).Select(i => $"r{i}@example.com").ToArray();
        var id = await EnqueueAsync(engine, recipients);

        var result = await Sender(engine, transport).SendDueAsync(default);

        Assert.Equal(new OutboxSendResult(1, 0, 0), result);
        Assert.Equal([100, 100, 50], transport.Transactions.Select(t => t.Count));
        Assert.Equal(recipients.Order(), transport.Transactions.SelectMany(t => t).Order());
        var sent = await engine.Store.Outbox.GetAsync(id, default);
        Assert.Equal(OutboxState.Sent, sent!.State);
        Assert.Null(sent.LastError);
        Assert.Equal(250, (await engine.Store.Outbox.DeliveredAsync(id, default)).Count);
    }

    [Fact]
    public async Task A_partial_delivery_is_recorded_and_the_retry_sends_only_to_the_rest()
    {
        using var engine = await EngineStore.OpenAsync();
        var transport = new LimitedTransport(limit: 100) { BreakOnTransaction = 2 };
        var recipients = Enumerable.Range(0, 150).Select(i => $"r{i}@example.com").ToArray();
        var id = await EnqueueAsync(engine, recipients);
        var sender = Sender(engine, transport);

        var first = await sender.SendDueAsync(default);

        Assert.Equal(new OutboxSendResult(0, 1, 0), first);
        var delivered = await engine.Store.Outbox.DeliveredAsync(id, default);
        Assert.Equal(recipients.Take(100).Order(), delivered.Order());
        Assert.Equal(OutboxState.Pending, (await engine.Store.Outbox.GetAsync(id, default))!.State);

        engine.Time.Advance(TimeSpan.FromMinutes(2));
        var second = await sender.SendDueAsync(default);

        Assert.Equal(new OutboxSendResult(1, 0, 0), second);
        Assert.Equal(recipients.Skip(100).Order(), transport.Transactions[^1].Order());
        Assert.Equal(recipients.Order(), transport.Transactions.SelectMany(t => t).Order());
    }

    [Fact]
    public async Task A_send_that_hangs_is_cut_at_the_send_timeout_and_retried()
    {
        using var engine = await EngineStore.OpenAsync();
        var transport = new LimitedTransport(limit: 100) { Hang = true };
        var id = await EnqueueAsync(engine, ["jane@example.com"]);
        var sending = Sender(engine, transport).SendDueAsync(default);

        await engine.Time.WaitForTimerDueInAsync(_options.SendTimeout);
        engine.Time.Advance(_options.SendTimeout);
        var result = await sending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(new OutboxSendResult(0, 1, 0), result);
        Assert.Contains("Alerts:SendTimeout", (await engine.Store.Outbox.GetAsync(id, default))!.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_claim_lease_is_twice_the_send_timeout()
    {
        using var engine = await EngineStore.OpenAsync();
        var sender = Sender(engine, new LimitedTransport(limit: 100));
        Assert.Equal(TimeSpan.FromMinutes(2), sender.ClaimLease);
        var id = await EnqueueAsync(engine, ["jane@example.com"]);
        var now = engine.Time.GetUtcNow();

        // A sender that died after claiming: the message is due again after the lease, not after 10 minutes.
        Assert.True(await engine.Store.Outbox.TryClaimAsync(id, now, now + sender.ClaimLease, default));
        engine.Time.Advance(sender.ClaimLease - TimeSpan.FromSeconds(1));
        Assert.Equal(new OutboxSendResult(0, 0, 0), await sender.SendDueAsync(default));
        engine.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new OutboxSendResult(1, 0, 0), await sender.SendDueAsync(default));
    }

    private OutboxSender Sender(EngineStore engine, IOutboxTransport transport) =>
        new(engine.Store.Outbox, transport, _options, engine.Time, NullLogger<OutboxSender>.Instance);

    private static Task<long> EnqueueAsync(EngineStore engine, string[] recipients) =>
        engine.Store.Outbox.EnqueueAsync(new OutboxMessage
        {
            Kind = OutboxKind.Alert,
            Recipients = recipients,
            MessageId = "m@ackpoller.test",
            Raw = new byte[] { 1 },
            CreatedAt = engine.Time.GetUtcNow(),
            NextAttemptAt = engine.Time.GetUtcNow(),
        }, default);

    /// <summary>Accepts at most <c>limit</c> RCPTs per transaction and answers the rest "452 4.5.3", as Postfix does
    /// beyond smtpd_recipient_limit.</summary>
    private sealed class LimitedTransport(int limit) : IOutboxTransport
    {
        public List<List<string>> Transactions { get; } = [];

        public int? BreakOnTransaction { get; set; }

        public bool Hang { get; set; }

        public Task<IOutboxConnection> OpenAsync(CancellationToken cancellationToken) => Task.FromResult<IOutboxConnection>(new Connection(this, limit));

        private sealed class Connection(LimitedTransport owner, int limit) : IOutboxConnection
        {
            public bool IsUsable { get; private set; } = true;

            public async Task<SmtpSendResult> SendAsync(IReadOnlyList<string> recipients, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
            {
                if (owner.Hang)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                if (owner.BreakOnTransaction == owner.Transactions.Count + 1)
                {
                    owner.BreakOnTransaction = null;
                    owner.Transactions.Add([]);
                    IsUsable = false;
                    throw new MailConnectionException("connection reset");
                }

                var accepted = recipients.Take(limit).ToList();
                owner.Transactions.Add(accepted);
                var rejected = recipients.Skip(limit).Select(r => new SmtpRecipientRejection(r, 452, "4.5.3", "452 4.5.3 Error: too many recipients")).ToList();
                return new SmtpSendResult(accepted, rejected, "250 2.0.0 Ok: queued as Q" + owner.Transactions.Count);
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
