using AckPoller.Core.Alerts;
using AckPoller.Core.Mailboxes;
using AckPoller.Core.Outbox;
using AckPoller.Core.Storage;
using Microsoft.Data.Sqlite;

namespace AckPoller.Core.Tests.Storage;

public sealed class EngineStoreTests
{
    [Fact]
    public async Task Alerts_are_found_by_reference_case_insensitively_and_by_exact_message_id()
    {
        using var engine = await EngineStore.OpenAsync();
        var alert = await engine.AddAlertAsync();
        var alerts = engine.Store.Alerts;

        var byReference = await alerts.FindByReferenceAsync(AlertReference.Parse("ap-7k3qz9"), default);
        Assert.NotNull(byReference);
        Assert.Equal(alert.Id, byReference.Id);
        Assert.Equal(["jane@example.com", "bob@example.com"], byReference.Recipients);
        Assert.Equal("critical", byReference.Severity);
        Assert.Equal(AlertState.Open, byReference.State);
        Assert.Equal(engine.Time.GetUtcNow(), byReference.CreatedAt);
        Assert.Equal(alert.Id, (await alerts.FindByMessageIdAsync("ap.7K3QZ9.abc@ackpoller.test", default))!.Id);
        Assert.Null(await alerts.FindByMessageIdAsync("AP.7K3QZ9.ABC@ackpoller.test", default));
        Assert.Single(await alerts.ListAsync(AlertState.Open, 10, default));
        Assert.Empty(await alerts.ListAsync(AlertState.Resolved, 10, default));
    }

    [Fact]
    public async Task Reference_and_message_id_are_unique_but_many_alerts_may_lack_a_message_id()
    {
        using var engine = await EngineStore.OpenAsync();
        await engine.AddAlertAsync("AP-000001", null);
        await engine.AddAlertAsync("AP-000002", null);
        await engine.AddAlertAsync("AP-000003", "x@y");

        await Assert.ThrowsAsync<SqliteException>(() => engine.AddAlertAsync("AP-000001", "other@y"));
        await Assert.ThrowsAsync<SqliteException>(() => engine.AddAlertAsync("AP-000004", "x@y"));
        Assert.Equal(3, await engine.ScalarAsync("SELECT COUNT(*) FROM alerts"));
    }

    [Fact]
    public async Task The_ack_log_refuses_updates_and_deletes()
    {
        using var engine = await EngineStore.OpenAsync();
        await using (var work = await engine.Store.Transactions.BeginAsync(default))
        {
            await work.AppendAckLogAsync(new AckLogEntry { Account = "a", Protocol = "imap", MessageKey = "k", Reason = "r", ProcessedAt = engine.Time.GetUtcNow() }, default);
            await work.CommitAsync(default);
        }

        var update = await Assert.ThrowsAsync<SqliteException>(() => engine.ExecuteAsync("UPDATE ack_log SET reason = 'x'"));
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SqliteException>(() => engine.ExecuteAsync("DELETE FROM ack_log"));
        Assert.Equal(1, await engine.ScalarAsync("SELECT COUNT(*) FROM ack_log"));
    }

    [Fact]
    public async Task Uncommitted_work_is_rolled_back_on_dispose()
    {
        using var engine = await EngineStore.OpenAsync();
        await using (var work = await engine.Store.Transactions.BeginAsync(default))
        {
            await work.InsertProcessedAsync(new ProcessedMessage("a", "k", null, AckOutcome.Applied, "r", null, engine.Time.GetUtcNow()), default);
        }

        Assert.Equal(0, await engine.ScalarAsync("SELECT COUNT(*) FROM processed_messages"));
    }

    [Fact]
    public async Task Mailbox_cursors_are_kept_per_account_and_mailbox_and_replaced()
    {
        using var engine = await EngineStore.OpenAsync();
        var state = engine.Store.Mailboxes;
        Assert.Null(await state.GetCursorAsync("a", "INBOX", default));

        await state.SaveCursorAsync("a", "INBOX", new MailboxCursor(uint.MaxValue, 7), default);
        await state.SaveCursorAsync("a", "Other", new MailboxCursor(1, 1), default);
        await state.SaveCursorAsync("a", "INBOX", new MailboxCursor(uint.MaxValue, 9), default);

        Assert.Equal(new MailboxCursor(uint.MaxValue, 9), await state.GetCursorAsync("a", "INBOX", default));
        Assert.Equal(new MailboxCursor(1, 1), await state.GetCursorAsync("a", "Other", default));
        Assert.Null(await state.GetCursorAsync("b", "INBOX", default));
    }

    [Fact]
    public async Task Find_unprocessed_returns_the_keys_not_recorded_for_that_account_even_for_large_batches()
    {
        using var engine = await EngineStore.OpenAsync();
        await using (var work = await engine.Store.Transactions.BeginAsync(default))
        {
            for (var i = 0; i < 1200; i += 2)
            {
                await work.InsertProcessedAsync(new ProcessedMessage("a", "imap:INBOX:1:" + i, null, AckOutcome.Applied, "r", null, engine.Time.GetUtcNow()), default);
            }

            await work.InsertProcessedAsync(new ProcessedMessage("b", "imap:INBOX:1:1", null, AckOutcome.Applied, "r", null, engine.Time.GetUtcNow()), default);
            await work.CommitAsync(default);
        }

        var keys = Enumerable.Range(0, 1200).Select(i => "imap:INBOX:1:" + i).ToArray();
        var unprocessed = await engine.Store.Mailboxes.FindUnprocessedAsync("a", keys, default);

        Assert.Equal(600, unprocessed.Count);
        Assert.Contains("imap:INBOX:1:1", unprocessed);
        Assert.DoesNotContain("imap:INBOX:1:0", unprocessed);
        Assert.Empty(await engine.Store.Mailboxes.FindUnprocessedAsync("a", [], default));
    }

    [Fact]
    public async Task Outbox_rows_move_from_pending_to_sent_retry_or_dead_and_a_claim_is_taken_once()
    {
        using var engine = await EngineStore.OpenAsync();
        var outbox = engine.Store.Outbox;
        var now = engine.Time.GetUtcNow();
        var first = await outbox.EnqueueAsync(Message(now), default);
        var second = await outbox.EnqueueAsync(Message(now.AddMinutes(5)), default);

        var due = await outbox.GetDueAsync(now, 10, default);
        Assert.Equal([first], due.Select(m => m.Id));
        Assert.Equal([1, 2, 3], due[0].Raw.ToArray());
        Assert.Equal(["a@example.com", "b@example.com"], due[0].Recipients);

        Assert.True(await outbox.TryClaimAsync(first, now, now.AddMinutes(10), default));
        Assert.False(await outbox.TryClaimAsync(first, now, now.AddMinutes(10), default));
        Assert.Empty(await outbox.GetDueAsync(now, 10, default));

        await outbox.ScheduleRetryAsync(first, 1, now.AddMinutes(1), "421 try later", now, default);
        var retried = await outbox.GetAsync(first, default);
        Assert.Equal((1, "421 try later", OutboxState.Pending), (retried!.Attempts, retried.LastError, retried.State));

        await outbox.MarkSentAsync(first, now.AddMinutes(2), 2, null, default);
        await outbox.MarkDeadAsync(second, 1, "550 no such user", now, default);
        var sent = await outbox.GetAsync(first, default);
        Assert.Equal(OutboxState.Sent, sent!.State);
        Assert.Equal(now.AddMinutes(2), sent.SentAt);
        Assert.Equal("550 no such user", (await outbox.ListAsync(OutboxState.Dead, 10, default)).Single().LastError);
        Assert.Empty(await outbox.GetDueAsync(now.AddDays(1), 10, default));
    }

    private static OutboxMessage Message(DateTimeOffset due) => new()
    {
        Kind = OutboxKind.Confirmation,
        Recipients = ["a@example.com", "b@example.com"],
        MessageId = Guid.NewGuid().ToString("N") + "@test",
        Raw = new byte[] { 1, 2, 3 },
        CreatedAt = due,
        NextAttemptAt = due,
    };
}
