using System.Data.Common;
using AckPoller.Core.Alerts;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Notifications;
using AckPoller.Core.Outbox;
using AckPoller.Core.Processing;
using AckPoller.Core.Storage;
using AckPoller.Core.Tests.Storage.PostgreSql;

namespace AckPoller.Core.Tests.Storage.Contract;

/// <summary>What every store provider must do, run against SQLite and against the real PostgreSQL server: the same
/// calls, the same answers. A new store behaviour gets its test here, so both providers keep it.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public abstract class StoreContractTests(IContractStoreProvider provider)
{
    private static readonly DateTimeOffset Start = new(2025, 3, 4, 10, 0, 0, TimeSpan.Zero);

    protected IContractStoreProvider Provider { get; } = provider;

    [Fact]
    public async Task Alerts_are_found_by_reference_case_insensitively_and_by_exact_message_id()
    {
        await using var store = await Provider.OpenAsync();
        var alert = await store.AddAlertAsync();

        var byReference = await store.Alerts.FindByReferenceAsync(AlertReference.Parse("ap-7k3qz9"), default);
        Assert.NotNull(byReference);
        Assert.Equal(alert with { Recipients = byReference.Recipients }, byReference);
        Assert.Equal(["jane@example.com", "bob@example.com"], byReference.Recipients);
        Assert.Equal(store.Time.GetUtcNow(), byReference.CreatedAt);
        Assert.Equal(alert.Id, (await store.Alerts.FindByMessageIdAsync("ap.7K3QZ9.abc@ackpoller.test", default))!.Id);
        Assert.Equal(alert.Id, (await store.Alerts.GetAsync(alert.Id, default))!.Id);
        Assert.Null(await store.Alerts.FindByMessageIdAsync("AP.7K3QZ9.ABC@ackpoller.test", default));
        Assert.Null(await store.Alerts.GetAsync(alert.Id + 1, default));
        Assert.Single(await store.Alerts.ListAsync(AlertState.Open, 10, default));
        Assert.Empty(await store.Alerts.ListAsync(AlertState.Resolved, 10, default));
    }

    [Fact]
    public async Task Reference_and_message_id_are_unique_but_many_alerts_may_lack_a_message_id()
    {
        await using var store = await Provider.OpenAsync();
        await store.AddAlertAsync("AP-000001", null);
        await store.AddAlertAsync("AP-000002", null);
        await store.AddAlertAsync("AP-000003", "x@y");

        await Assert.ThrowsAnyAsync<DbException>(() => store.AddAlertAsync("AP-000001", "other@y"));
        await Assert.ThrowsAnyAsync<DbException>(() => store.AddAlertAsync("AP-000004", "x@y"));
        Assert.Equal(3, await store.ScalarAsync("SELECT COUNT(*) FROM alerts"));
    }

    [Fact]
    public async Task Alert_lists_filter_by_state_and_creation_time_and_find_ended_snoozes_earliest_first()
    {
        await using var store = await Provider.OpenAsync();
        var first = await store.AddAlertAsync("AP-000001", "1@t");
        store.Time.Advance(TimeSpan.FromMinutes(10));
        var second = await store.AddAlertAsync("AP-000002", "2@t");
        store.Time.Advance(TimeSpan.FromMinutes(10));
        var third = await store.AddAlertAsync("AP-000003", "3@t");
        var now = store.Time.GetUtcNow();
        await using (var work = await store.Transactions.BeginAsync(default))
        {
            await work.UpdateAlertStateAsync(first with { State = AlertState.Snoozed, SnoozedUntil = now.AddMinutes(30), UpdatedAt = now }, default);
            await work.UpdateAlertStateAsync(second with { State = AlertState.Snoozed, SnoozedUntil = now.AddMinutes(5), UpdatedAt = now }, default);
            await work.CommitAsync(default);
        }

        Assert.Equal([third.Id, second.Id, first.Id], (await store.Alerts.ListAsync(null, 10, default)).Select(a => a.Id));
        Assert.Equal([third.Id, second.Id], (await store.Alerts.ListAsync(null, second.CreatedAt, 10, default)).Select(a => a.Id));
        Assert.Equal([second.Id], (await store.Alerts.ListAsync(AlertState.Snoozed, second.CreatedAt, 10, default)).Select(a => a.Id));
        Assert.Equal([third.Id], (await store.Alerts.ListAsync(AlertState.Open, null, 10, default)).Select(a => a.Id));
        Assert.Equal([third.Id], (await store.Alerts.ListAsync(null, 1, default)).Select(a => a.Id));

        Assert.Empty(await store.Alerts.ListSnoozeEndedAsync(now, 10, default));
        Assert.Equal([second.Id], (await store.Alerts.ListSnoozeEndedAsync(now.AddMinutes(5), 10, default)).Select(a => a.Id));
        var ended = await store.Alerts.ListSnoozeEndedAsync(now.AddHours(1), 10, default);
        Assert.Equal([second.Id, first.Id], ended.Select(a => a.Id));
        Assert.Equal(now.AddMinutes(5), ended[0].SnoozedUntil);
    }

    [Fact]
    public async Task A_unit_of_work_records_state_log_processed_row_and_outbox_together_and_reads_its_own_writes()
    {
        await using var store = await Provider.OpenAsync();
        var alert = await store.AddAlertAsync();
        var now = store.Time.GetUtcNow();
        await using (var work = await store.Transactions.BeginAsync(default))
        {
            Assert.Null(await work.FindProcessedAsync("oncall", "imap:INBOX:1:5", default));
            var current = await work.FindAlertByReferenceAsync(alert.Reference, default);
            var acked = current! with { State = AlertState.Acknowledged, AcknowledgedBy = "jane@example.com", AcknowledgedByName = "Jane", AcknowledgedAt = now, UpdatedAt = now };
            await work.UpdateAlertStateAsync(acked, default);
            Assert.Equal(AlertState.Acknowledged, (await work.FindAlertAsync(alert.Id, default))!.State);
            var logId = await work.AppendAckLogAsync(new AckLogEntry
            {
                AlertId = alert.Id, AlertReference = alert.Reference, Action = AckAction.Ack, ActorAddress = "jane@example.com", ActorName = "Jane",
                ReceivedAt = now.AddSeconds(-3), ProcessedAt = now, SourceMessageId = "reply@x", Account = "oncall", Protocol = "imap",
                MessageKey = "imap:INBOX:1:5", Comment = "looking", Outcome = AckOutcome.Applied, Reason = "acknowledged",
            }, default);
            await work.InsertProcessedAsync(new ProcessedMessage("oncall", "imap:INBOX:1:5", "reply@x", AckOutcome.Applied, "acknowledged", alert.Id, now), default);
            var outboxId = await work.EnqueueOutboxAsync(new OutboxMessage
            {
                Kind = OutboxKind.Confirmation, AlertId = alert.Id, Recipients = ["jane@example.com"], MessageId = "c1@x", Raw = new byte[] { 9 },
                CreatedAt = now, NextAttemptAt = now,
            }, default);
            Assert.True(logId > 0 && outboxId > 0);
            Assert.Equal(new ProcessedMessage("oncall", "imap:INBOX:1:5", "reply@x", AckOutcome.Applied, "acknowledged", alert.Id, now),
                await work.FindProcessedAsync("oncall", "imap:INBOX:1:5", default));
            await work.CommitAsync(default);
        }

        var read = await store.Alerts.GetAsync(alert.Id, default);
        Assert.Equal((AlertState.Acknowledged, "jane@example.com", "Jane", (DateTimeOffset?)now), (read!.State, read.AcknowledgedBy, read.AcknowledgedByName, read.AcknowledgedAt));
        var entry = Assert.Single((await store.AckLog.QueryAsync(new AckLogQuery(), default)).Entries);
        Assert.Equal(("looking", AckAction.Ack, "reply@x", now.AddSeconds(-3)), (entry.Comment, entry.Action, entry.SourceMessageId, entry.ReceivedAt));
        var mail = Assert.Single(await store.Outbox.GetDueAsync(now, 10, default));
        Assert.Equal((alert.Id, OutboxKind.Confirmation, "c1@x"), (mail.AlertId, mail.Kind, mail.MessageId));
        Assert.Empty(await store.Mailboxes.FindUnprocessedAsync("oncall", ["imap:INBOX:1:5"], default));
    }

    [Fact]
    public async Task Uncommitted_work_is_rolled_back_on_dispose()
    {
        await using var store = await Provider.OpenAsync();
        var alert = await store.AddAlertAsync();
        await using (var work = await store.Transactions.BeginAsync(default))
        {
            await work.InsertProcessedAsync(new ProcessedMessage("a", "k", null, AckOutcome.Applied, "r", null, store.Time.GetUtcNow()), default);
            await work.UpdateAlertStateAsync(alert with { State = AlertState.Resolved }, default);
            await work.EnqueueOutboxAsync(new OutboxMessage { Recipients = ["a@b"], MessageId = "m@x", Raw = new byte[] { 1 } }, default);
        }

        Assert.Equal(0, await store.ScalarAsync("SELECT COUNT(*) FROM processed_messages"));
        Assert.Equal(0, await store.ScalarAsync("SELECT COUNT(*) FROM outbox"));
        Assert.Equal(AlertState.Open, (await store.Alerts.GetAsync(alert.Id, default))!.State);
    }

    [Fact]
    public async Task Updating_an_alert_that_does_not_exist_fails()
    {
        await using var store = await Provider.OpenAsync();
        var alert = await store.AddAlertAsync();
        await using var work = await store.Transactions.BeginAsync(default);
        await Assert.ThrowsAsync<StoreException>(() => work.UpdateAlertStateAsync(alert with { Id = alert.Id + 100 }, default));
    }

    [Fact]
    public async Task The_ack_log_refuses_updates_and_deletes()
    {
        await using var store = await Provider.OpenAsync();
        await using (var work = await store.Transactions.BeginAsync(default))
        {
            await work.AppendAckLogAsync(new AckLogEntry { Account = "a", Protocol = "imap", MessageKey = "k", Reason = "r", ProcessedAt = store.Time.GetUtcNow() }, default);
            await work.CommitAsync(default);
        }

        var update = await Assert.ThrowsAnyAsync<DbException>(() => store.ExecuteAsync("UPDATE ack_log SET reason = 'x'"));
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<DbException>(() => store.ExecuteAsync("DELETE FROM ack_log"));
        Assert.Equal(1, await store.ScalarAsync("SELECT COUNT(*) FROM ack_log"));
    }

    [Fact]
    public async Task Ack_log_filters_combine_and_pages_continue_where_the_last_one_ended_newest_first()
    {
        await using var store = await Provider.OpenAsync();
        await using (var work = await store.Transactions.BeginAsync(default))
        {
            for (var i = 0; i < 30; i++)
            {
                await work.AppendAckLogAsync(new AckLogEntry
                {
                    AlertReference = AlertReference.Parse(i % 2 == 0 ? "AP-000001" : "AP-000002"),
                    Action = i % 3 == 0 ? AckAction.Ack : AckAction.Note,
                    ActorAddress = i % 5 == 0 ? "Jane@Example.com" : "bob@example.com",
                    ActorName = "Someone",
                    ReceivedAt = Start.AddMinutes(i),
                    ProcessedAt = Start.AddMinutes(i / 2), // pairs share a timestamp: paging must still be exact
                    Account = i < 20 ? "oncall" : "ops",
                    Protocol = "imap",
                    MessageKey = "k" + i,
                    Outcome = i % 4 == 0 ? AckOutcome.Rejected : AckOutcome.Applied,
                    Reason = "r" + i,
                }, default);
            }

            await work.CommitAsync(default);
        }

        var log = store.AckLog;
        var all = new List<AckLogEntry>();
        AckLogCursor? after = null;
        do
        {
            var page = await log.QueryAsync(new AckLogQuery { Limit = 7, After = after }, default);
            all.AddRange(page.Entries);
            after = page.Next;
            Assert.True(AckLogCursor.TryParse(after?.ToString(), out var parsed) || after is null);
            Assert.Equal(after, parsed);
        }
        while (after is not null);

        Assert.Equal(Enumerable.Range(0, 30).Reverse().Select(i => "k" + i), all.Select(e => e.MessageKey));

        var jane = await log.QueryAsync(new AckLogQuery { By = "jane@example.COM" }, default);
        Assert.Equal(["k25", "k20", "k15", "k10", "k5", "k0"], jane.Entries.Select(e => e.MessageKey));
        Assert.Equal("Jane@Example.com", jane.Entries[0].ActorAddress);

        var filtered = await log.QueryAsync(new AckLogQuery
        {
            Alert = AlertReference.Parse("ap-000001"),
            Outcome = AckOutcome.Rejected,
            Account = "oncall",
            Since = Start.AddMinutes(2),
            Until = Start.AddMinutes(9),
        }, default);
        Assert.Equal(["k16", "k12", "k8", "k4"], filtered.Entries.Select(e => e.MessageKey));
        Assert.Null(filtered.Next);

        var acks = await log.QueryAsync(new AckLogQuery { Action = AckAction.Ack, Account = "ops" }, default);
        Assert.Equal(["k27", "k24", "k21"], acks.Entries.Select(e => e.MessageKey));

        Assert.Equal(2, await log.CountRejectionsAsync("JANE@example.com", Start, default));
        Assert.Equal(1, await log.CountRejectionsAsync("JANE@example.com", Start.AddMinutes(5), default));
    }

    [Fact]
    public async Task Mailbox_cursors_are_kept_per_account_and_mailbox_and_replaced()
    {
        await using var store = await Provider.OpenAsync();
        var state = store.Mailboxes;
        Assert.Null(await state.GetCursorAsync("a", "INBOX", default));

        await state.SaveCursorAsync("a", "INBOX", new MailboxCursor(uint.MaxValue, 7), default);
        await state.SaveCursorAsync("a", "Other", new MailboxCursor(1, 1) { HistoryBefore = Start }, default);
        await state.SaveCursorAsync("a", "INBOX", new MailboxCursor(uint.MaxValue, uint.MaxValue - 1), default);

        Assert.Equal(new MailboxCursor(uint.MaxValue, uint.MaxValue - 1), await state.GetCursorAsync("a", "INBOX", default));
        Assert.Equal(new MailboxCursor(1, 1) { HistoryBefore = Start }, await state.GetCursorAsync("a", "Other", default));
        Assert.Null(await state.GetCursorAsync("b", "INBOX", default));
    }

    [Fact]
    public async Task Processed_keys_and_message_ids_are_found_per_account_even_for_large_batches()
    {
        await using var store = await Provider.OpenAsync();
        await using (var work = await store.Transactions.BeginAsync(default))
        {
            for (var i = 0; i < 1200; i += 2)
            {
                await work.InsertProcessedAsync(new ProcessedMessage("a", "imap:INBOX:1:" + i, "m" + i + "@x", AckOutcome.Applied, "r", null, store.Time.GetUtcNow()), default);
            }

            await work.InsertProcessedAsync(new ProcessedMessage("b", "imap:INBOX:1:1", "m1@x", AckOutcome.Applied, "r", null, store.Time.GetUtcNow()), default);
            await work.CommitAsync(default);
        }

        var keys = Enumerable.Range(0, 1200).Select(i => "imap:INBOX:1:" + i).ToArray();
        var unprocessed = await store.Mailboxes.FindUnprocessedAsync("a", keys, default);

        Assert.Equal(600, unprocessed.Count);
        Assert.Contains("imap:INBOX:1:1", unprocessed);
        Assert.DoesNotContain("imap:INBOX:1:0", unprocessed);
        Assert.Empty(await store.Mailboxes.FindUnprocessedAsync("a", [], default));

        var ids = await store.Mailboxes.FindProcessedMessageIdsAsync("a", ["m0@x", "m1@x", "M2@x", "m2@x"], default);
        Assert.Equal(["m0@x", "m2@x"], ids.Order(StringComparer.Ordinal));
        Assert.Equal(["m1@x"], await store.Mailboxes.FindProcessedMessageIdsAsync("b", ["m0@x", "m1@x"], default));
    }

    [Fact]
    public async Task Outbox_rows_move_from_pending_to_sent_retry_or_dead_and_a_claim_is_taken_once()
    {
        await using var store = await Provider.OpenAsync();
        var outbox = store.Outbox;
        var now = store.Time.GetUtcNow();
        var first = await outbox.EnqueueAsync(Message(now), default);
        var second = await outbox.EnqueueAsync(Message(now.AddMinutes(5)), default);

        var due = await outbox.GetDueAsync(now, 10, default);
        Assert.Equal([first], due.Select(m => m.Id));
        Assert.Equal([1, 2, 3], due[0].Raw.ToArray());
        Assert.Equal(["a@example.com", "b@example.com"], due[0].Recipients);
        Assert.Equal((OutboxState.Pending, 0, now), (due[0].State, due[0].Attempts, due[0].CreatedAt));

        Assert.True(await outbox.TryClaimAsync(first, now, now.AddMinutes(10), default));
        Assert.False(await outbox.TryClaimAsync(first, now, now.AddMinutes(10), default));
        Assert.False(await outbox.TryClaimAsync(second, now, now.AddMinutes(10), default));
        Assert.Empty(await outbox.GetDueAsync(now, 10, default));

        await outbox.ScheduleRetryAsync(first, 1, now.AddMinutes(1), "421 try later", now, default);
        var retried = await outbox.GetAsync(first, default);
        Assert.Equal((1, "421 try later", OutboxState.Pending, now.AddMinutes(1)), (retried!.Attempts, retried.LastError, retried.State, retried.NextAttemptAt));
        Assert.Equal(2, await outbox.CountAsync(OutboxState.Pending, default));

        await outbox.MarkSentAsync(first, now.AddMinutes(2), 2, null, default);
        await outbox.MarkDeadAsync(second, 1, new string('x', 5000), now, default);
        var sent = await outbox.GetAsync(first, default);
        Assert.Equal(OutboxState.Sent, sent!.State);
        Assert.Equal(now.AddMinutes(2), sent.SentAt);
        Assert.Equal(2000, (await outbox.ListAsync(OutboxState.Dead, 10, default)).Single().LastError!.Length);
        Assert.Equal([second, first], (await outbox.ListAsync(null, 10, default)).Select(m => m.Id));
        Assert.Equal((1, 1, 0), (await outbox.CountAsync(OutboxState.Sent, default), await outbox.CountAsync(OutboxState.Dead, default), await outbox.CountAsync(OutboxState.Pending, default)));
        Assert.Empty(await outbox.GetDueAsync(now.AddDays(1), 10, default));
        Assert.Null(await outbox.GetAsync(second + 100, default));
    }

    [Fact]
    public async Task Auth_state_reads_back_field_for_field_updates_in_place_and_is_deleted()
    {
        await using var store = await Provider.OpenAsync();
        var now = new DateTimeOffset(2025, 3, 4, 5, 6, 7, 123, TimeSpan.Zero);
        var status = new AccountAuthStatus
        {
            Account = "oncall",
            State = AuthState.ReauthRequired,
            Reason = "Sign in again",
            ErrorCode = "AADSTS700082",
            Challenge = new SignInChallenge { UserCode = "ABCD-1234", VerificationUrl = new Uri("https://microsoft.com/devicelogin"), ExpiresAt = now.AddMinutes(15) },
            Pending = new PendingAuthorization("state-value", [1, 2, 3]),
            HomeAccountId = "uid.utid",
            LastRefreshAt = now.AddDays(-1),
            Since = now,
            UpdatedAt = now,
        };

        await store.AuthStates.SaveAsync(status, default);
        var read = await store.AuthStates.GetAsync("oncall", default);
        Assert.Equal(status with { Pending = null }, read! with { Pending = null });
        Assert.Equal([1, 2, 3], read.Pending!.EncryptedCodeVerifier);
        Assert.Equal("state-value", read.Pending.RequestState);

        await store.AuthStates.SaveAsync(status with { State = AuthState.Authorized, Challenge = null, Pending = null, Reason = null }, default);
        await store.AuthStates.SaveAsync(status with { Account = "ops", Challenge = new SignInChallenge { AuthorizationUrl = new Uri("https://login.example/authorize?x=1") } }, default);
        var all = await store.AuthStates.GetAllAsync(default);
        Assert.Equal(["oncall", "ops"], all.Select(s => s.Account));
        Assert.Equal((AuthState.Authorized, null, null, null), (all[0].State, all[0].Challenge, all[0].Pending, all[0].Reason));
        Assert.Equal(new Uri("https://login.example/authorize?x=1"), all[1].Challenge!.AuthorizationUrl);

        await store.AuthStates.DeleteAsync("oncall", default);
        Assert.Null(await store.AuthStates.GetAsync("oncall", default));
        Assert.Single(await store.AuthStates.GetAllAsync(default));
    }

    [Fact]
    public async Task Token_caches_are_kept_per_account_and_kind_replaced_and_deleted_per_account()
    {
        await using var store = await Provider.OpenAsync();
        var caches = store.TokenCaches;
        Assert.Null(await caches.LoadAsync("a", "user", default));

        await caches.SaveAsync("a", "user", [1, 2], default);
        await caches.SaveAsync("a", "app", [3], default);
        await caches.SaveAsync("b", "user", [4], default);
        await caches.SaveAsync("a", "user", [5, 6, 7], default);

        Assert.Equal([5, 6, 7], await caches.LoadAsync("a", "user", default));
        Assert.Equal([3], await caches.LoadAsync("a", "app", default));
        await caches.DeleteAsync("a", default);
        Assert.Null(await caches.LoadAsync("a", "user", default));
        Assert.Null(await caches.LoadAsync("a", "app", default));
        Assert.Equal([4], await caches.LoadAsync("b", "user", default));
    }

    [Fact]
    public async Task Token_caches_are_versioned_and_a_write_replaces_only_the_version_it_read()
    {
        await using var store = await Provider.OpenAsync();
        var caches = store.TokenCaches;
        Assert.Null(await caches.LoadVersionedAsync("a", "user", default));

        Assert.True(await caches.TrySaveAsync("a", "user", [1], VersionedTokenCache.Absent, default));
        Assert.False(await caches.TrySaveAsync("a", "user", [2], VersionedTokenCache.Absent, default));
        var first = (await caches.LoadVersionedAsync("a", "user", default))!;
        Assert.Equal([1], first.Blob);
        Assert.NotEqual(VersionedTokenCache.Absent, first.Version);

        Assert.True(await caches.TrySaveAsync("a", "user", [3], first.Version, default));
        var second = (await caches.LoadVersionedAsync("a", "user", default))!;
        Assert.Equal([3], second.Blob);
        Assert.NotEqual(first.Version, second.Version);

        // A writer still holding the first version lost the race: nothing is overwritten.
        Assert.False(await caches.TrySaveAsync("a", "user", [4], first.Version, default));
        Assert.Equal([3], await caches.LoadAsync("a", "user", default));

        // An unconditional save is a new version too; the other kind and account are untouched.
        await caches.SaveAsync("a", "user", [5], default);
        Assert.False(await caches.TrySaveAsync("a", "user", [6], second.Version, default));
        Assert.True(await caches.TrySaveAsync("a", "app", [7], VersionedTokenCache.Absent, default));
        Assert.Equal([5], await caches.LoadAsync("a", "user", default));
        Assert.Equal([7], await caches.LoadAsync("a", "app", default));

        // Deleted (signed out) and written again (signed in): a writer with a version from before cannot replace it.
        var beforeSignOut = (await caches.LoadVersionedAsync("a", "user", default))!;
        await caches.DeleteAsync("a", default);
        Assert.False(await caches.TrySaveAsync("a", "user", [8], beforeSignOut.Version, default));
        Assert.Null(await caches.LoadAsync("a", "user", default));
        Assert.True(await caches.TrySaveAsync("a", "user", [9], VersionedTokenCache.Absent, default));
        var again = (await caches.LoadVersionedAsync("a", "user", default))!;
        Assert.NotEqual(beforeSignOut.Version, again.Version);
        Assert.False(await caches.TrySaveAsync("a", "user", [10], beforeSignOut.Version, default));
        Assert.Equal([9], await caches.LoadAsync("a", "user", default));
    }

    [Fact]
    public async Task Concurrent_writers_of_one_token_cache_version_are_won_by_exactly_one()
    {
        await using var store = await Provider.OpenAsync();
        var caches = store.TokenCaches;
        await caches.SaveAsync("a", "user", [0], default);
        var read = (await caches.LoadVersionedAsync("a", "user", default))!;

        var wins = await Task.WhenAll(Enumerable.Range(1, 8).Select(i =>
            Task.Run(async () => (writer: i, won: await caches.TrySaveAsync("a", "user", [(byte)i], read.Version, default)))));
        var firstWrites = await Task.WhenAll(Enumerable.Range(1, 8).Select(i =>
            Task.Run(() => caches.TrySaveAsync("new", "user", [(byte)i], VersionedTokenCache.Absent, default))));

        var winner = Assert.Single(wins, w => w.won);
        Assert.Equal([(byte)winner.writer], (await caches.LoadAsync("a", "user", default))!);
        Assert.Single(firstWrites, won => won);
    }

    [Fact]
    public async Task The_refresh_lock_has_one_holder_per_account_and_a_waiter_can_give_up()
    {
        await using var store = await Provider.OpenAsync();
        var caches = store.TokenCaches;
        var holder = await caches.LockRefreshAsync("a", default);
        Assert.False(holder.Waited);
        var next = caches.LockRefreshAsync("a", default);

        // Another account is not blocked; the same account is, until the holder lets go.
        await using (var other = await caches.LockRefreshAsync("b", default))
        {
            Assert.False(other.Waited);
        }

        using (var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => caches.LockRefreshAsync("a", giveUp.Token));
        }

        Assert.False(next.IsCompleted);
        await holder.DisposeAsync();
        await using (var taken = await next.WaitAsync(TimeSpan.FromSeconds(30)))
        {
            Assert.True(taken.Waited);
        }

        // Released by the last holder: free again.
        await using var free = await caches.LockRefreshAsync("a", default);
        Assert.False(free.Waited);
    }

    [Fact]
    public async Task Refresh_lock_holders_of_one_account_never_overlap()
    {
        await using var store = await Provider.OpenAsync();
        var caches = store.TokenCaches;
        var inside = 0;
        var most = 0;

        async Task RefreshAsync(int writer)
        {
            for (var i = 0; i < 3; i++)
            {
                await using var held = await caches.LockRefreshAsync("a", default);
                var now = Interlocked.Increment(ref inside);
                InterlockedMax(ref most, now);
                var read = await caches.LoadVersionedAsync("a", "user", default);
                Assert.True(await caches.TrySaveAsync("a", "user", [(byte)writer], read?.Version ?? VersionedTokenCache.Absent, default));
                Interlocked.Decrement(ref inside);
            }
        }

        await Task.WhenAll(Enumerable.Range(1, 6).Select(i => Task.Run(() => RefreshAsync(i))));

        Assert.Equal(1, most);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    [Fact]
    public async Task Account_activity_keeps_the_last_poll_the_last_error_and_the_idle_state()
    {
        await using var store = await Provider.OpenAsync();
        var at = store.Time.GetUtcNow();
        await store.Activity.RecordPollAsync("oncall", at, "3 fetched", "connection reset", default);
        await store.Activity.RecordPollAsync("oncall", at.AddMinutes(1), "0 fetched", null, default);
        await store.Activity.RecordIdleAsync("oncall", true, at.AddMinutes(2), default);
        await store.Activity.RecordIdleAsync("ops", false, at.AddMinutes(3), default);
        await store.Activity.RecordPollAsync("zz", at, "x", new string('e', 3000), default);

        var all = await store.Activity.GetAllAsync(default);
        Assert.Equal(["oncall", "ops", "zz"], all.Select(a => a.Account));
        var oncall = all[0];
        Assert.Equal((at.AddMinutes(1), (bool?)true, "0 fetched"), (oncall.LastPollAt!.Value, oncall.LastPollSucceeded, oncall.LastPollSummary));
        Assert.Equal(("connection reset", (DateTimeOffset?)at), (oncall.LastError, oncall.LastErrorAt));
        Assert.Equal((true, (DateTimeOffset?)at.AddMinutes(2), at.AddMinutes(2)), (oncall.IdleConnected, oncall.IdleChangedAt, oncall.UpdatedAt));
        Assert.Equal((false, (DateTimeOffset?)null, (bool?)null), (all[1].IdleConnected, all[1].LastPollAt, all[1].LastPollSucceeded));
        Assert.Equal(2001, all[2].LastError!.Length);
        Assert.False(all[2].LastPollSucceeded);
    }

    [Fact]
    public async Task The_notification_log_keeps_the_last_notice_per_account_and_topic()
    {
        await using var store = await Provider.OpenAsync();
        var at = store.Time.GetUtcNow();
        Assert.Null(await store.Notifications.GetAsync("a", "signin", default));

        await store.Notifications.SaveAsync(new NotificationRecord("a", "signin", "ReauthRequired", at), default);
        await store.Notifications.SaveAsync(new NotificationRecord("a", "expiry", "7d", at), default);
        await store.Notifications.SaveAsync(new NotificationRecord("a", "signin", "Failed", at.AddHours(1)), default);

        Assert.Equal(new NotificationRecord("a", "signin", "Failed", at.AddHours(1)), await store.Notifications.GetAsync("a", "signin", default));
        Assert.Equal("7d", (await store.Notifications.GetAsync("a", "expiry", default))!.Condition);
    }

    /// <summary>What AckRecorder does for one reply, run by many writers at once on the same message: the check and the
    /// insert happen in one transaction, so exactly one of them records it and the others see it recorded.</summary>
    [Fact]
    public async Task Concurrent_units_of_work_on_the_same_message_record_it_exactly_once()
    {
        await using var store = await Provider.OpenAsync();
        var alert = await store.AddAlertAsync();
        var now = store.Time.GetUtcNow();

        async Task<bool> HandleAsync(int writer)
        {
            await using var work = await store.Transactions.BeginAsync(default);
            if (await work.FindProcessedAsync("oncall", "imap:INBOX:1:9", default) is not null)
            {
                return false;
            }

            var current = await work.FindAlertAsync(alert.Id, default);
            await work.UpdateAlertStateAsync(current! with { State = AlertState.Acknowledged, AcknowledgedBy = "writer" + writer, UpdatedAt = now }, default);
            await work.AppendAckLogAsync(new AckLogEntry { AlertId = alert.Id, Account = "oncall", Protocol = "imap", MessageKey = "imap:INBOX:1:9", Reason = "w" + writer, ProcessedAt = now }, default);
            await work.InsertProcessedAsync(new ProcessedMessage("oncall", "imap:INBOX:1:9", null, AckOutcome.Applied, "w" + writer, alert.Id, now), default);
            await work.EnqueueOutboxAsync(new OutboxMessage { AlertId = alert.Id, Recipients = ["a@b"], MessageId = "c" + writer + "@x", Raw = new byte[] { 1 }, CreatedAt = now, NextAttemptAt = now }, default);
            await work.CommitAsync(default);
            return true;
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => HandleAsync(i))));

        Assert.Equal(1, results.Count(r => r));
        Assert.Equal(1, await store.ScalarAsync("SELECT COUNT(*) FROM ack_log"));
        Assert.Equal(1, await store.ScalarAsync("SELECT COUNT(*) FROM processed_messages"));
        Assert.Equal(1, await store.ScalarAsync("SELECT COUNT(*) FROM outbox"));
    }

    /// <summary>Two replies to one alert at once ("ack" from one person, "resolve" from another): each decision is taken on
    /// the alert as the other left it, never on a stale copy, so no change is lost.</summary>
    [Fact]
    public async Task Concurrent_units_of_work_on_one_alert_each_see_the_others_committed_change()
    {
        await using var store = await Provider.OpenAsync();
        var alert = await store.AddAlertAsync(recipients: ["x@y"]);

        async Task AppendRecipientAsync(int writer)
        {
            await using var work = await store.Transactions.BeginAsync(default);
            var current = await work.FindAlertByReferenceAsync(alert.Reference, default);
            // The snooze counter lives in AcknowledgedBy here only to make the read-modify-write visible.
            var count = int.Parse(current!.AcknowledgedBy ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            await work.UpdateAlertStateAsync(current with { AcknowledgedBy = (count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) }, default);
            await work.CommitAsync(default);
        }

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => AppendRecipientAsync(i))));

        Assert.Equal("10", (await store.Alerts.GetAsync(alert.Id, default))!.AcknowledgedBy);
    }

    /// <summary>AlertService.RegisterAsync's pattern run by several writers registering the same Message-ID at once: one
    /// alert, and every writer gets it.</summary>
    [Fact]
    public async Task Concurrent_registrations_of_one_message_id_create_one_alert()
    {
        await using var store = await Provider.OpenAsync();
        var now = store.Time.GetUtcNow();

        async Task<long> RegisterAsync(int writer)
        {
            await using var work = await store.Transactions.BeginAsync(default);
            if (await work.FindAlertByMessageIdAsync("same@x", default) is { } existing)
            {
                return existing.Id;
            }

            var alert = await work.InsertAlertAsync(new Alert
            {
                Reference = AlertReference.Parse("AP-00000" + writer), Subject = "s", Recipients = ["a@b"], MessageId = "same@x", CreatedAt = now, UpdatedAt = now,
            }, default);
            await work.CommitAsync(default);
            return alert.Id;
        }

        var ids = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => Task.Run(() => RegisterAsync(i))));

        Assert.Single(ids.Distinct());
        Assert.Equal(1, await store.ScalarAsync("SELECT COUNT(*) FROM alerts"));
    }

    [Fact]
    public async Task Concurrent_claims_of_one_outbox_message_are_won_by_exactly_one_sender()
    {
        await using var store = await Provider.OpenAsync();
        var now = store.Time.GetUtcNow();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await store.Outbox.EnqueueAsync(Message(now), default));
        }

        var claims = await Task.WhenAll(ids.SelectMany(id => Enumerable.Range(0, 6).Select(_ => Task.Run(async () => (id, won: await store.Outbox.TryClaimAsync(id, now, now.AddMinutes(5), default))))));

        Assert.All(ids, id => Assert.Equal(1, claims.Count(c => c.id == id && c.won)));
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

[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class SqliteStoreContractTests() : StoreContractTests(new SqliteContractProvider());

[Collection(PostgresCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class PostgreSqlStoreContractTests(PostgresServer server) : StoreContractTests(new PostgreSqlContractProvider(server));
