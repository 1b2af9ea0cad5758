using System.Diagnostics.Metrics;
using AckPoller.Core.Processing;
using AckPoller.Core.Telemetry;
using AckPoller.Core.Tests.Processing;
using AckPoller.Mail;

namespace AckPoller.Core.Tests.Telemetry;

/// <summary>ackpoller_replies_total: one increment per recorded reply with its outcome (malformed apart), none for a
/// message fetched again whose outcome was recorded before, none for a reply whose recording failed. Each test uses
/// its own account name, so tests running in parallel never count into each other.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ReplyMetricsTests
{
    [Fact]
    public async Task Each_recorded_reply_counts_once_by_outcome_and_a_refetch_does_not_count_again()
    {
        var account = "metrics-" + Guid.NewGuid().ToString("N");
        using var counts = new ReplyCounts(account);
        var world = new ProcessingWorld();
        var applied = Own(world.Reply(), account);
        var rejected = Own(world.Reply(from: "mallory@evil.example"), account);
        var malformed = Own(world.Raw("Subject: no sender\r\nMessage-ID: <x@y>\r\n\r\nack\r\n"), account);
        world.Mailbox.Fail = m => m == applied ? new MailCommandException("MOVE failed", "a NO oops") : null;

        await world.ProcessAsync(applied, rejected, malformed);
        world.Mailbox.Fail = null;
        var retry = Assert.Single(await world.ProcessAsync(ProcessingWorld.Again(applied)));

        Assert.True(retry.AlreadyProcessed);
        Assert.Equal(MessageOutcome.Applied, retry.Outcome);
        Assert.Equal(new Dictionary<string, long> { ["applied"] = 1, ["rejected"] = 1, ["malformed"] = 1 }, counts.ByOutcome());
    }

    private static FetchedMessage Own(FetchedMessage message, string account) => message with { Reply = message.Reply with { Account = account } };

    /// <summary>Listens to ackpoller_replies_total for one account.</summary>
    private sealed class ReplyCounts : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _counts = [];

        public ReplyCounts(string account)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == AckPollerMetrics.MeterName && instrument.Name == "ackpoller_replies_total")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                string? outcome = null;
                var mine = false;
                foreach (var tag in tags)
                {
                    mine |= tag.Key == "account" && (string?)tag.Value == account;
                    outcome = tag.Key == "outcome" ? (string?)tag.Value : outcome;
                }

                if (mine && outcome is not null)
                {
                    lock (_counts)
                    {
                        _counts[outcome] = _counts.GetValueOrDefault(outcome) + value;
                    }
                }
            });
            _listener.Start();
        }

        public Dictionary<string, long> ByOutcome()
        {
            lock (_counts)
            {
                return new Dictionary<string, long>(_counts);
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
