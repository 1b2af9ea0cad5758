using AckPoller.Core.Alerts;
using AckPoller.Core.Processing;
using AckPoller.Core.Tests.Storage;

namespace AckPoller.Core.Tests.Mailboxes;

/// <summary>What the pollers need from the SQLite mailbox state beyond the store's own tests.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class SqliteMailboxStateTests
{
    [Fact]
    public async Task The_first_run_boundary_is_kept_with_the_cursor()
    {
        using var engine = await EngineStore.OpenAsync();
        var state = engine.Store.Mailboxes;
        var before = new DateTimeOffset(2025, 3, 4, 10, 41, 59, TimeSpan.Zero);

        await state.SaveCursorAsync("a", "INBOX", new MailboxCursor(5, 9) { HistoryBefore = before }, default);
        var withBoundary = await state.GetCursorAsync("a", "INBOX", default);
        await state.SaveCursorAsync("a", "INBOX", new MailboxCursor(5, 10), default);
        var without = await state.GetCursorAsync("a", "INBOX", default);

        Assert.Equal(before, withBoundary!.HistoryBefore);
        Assert.Null(without!.HistoryBefore);
    }

    [Fact]
    public async Task Processed_message_ids_are_found_per_account_under_any_key()
    {
        using var engine = await EngineStore.OpenAsync();
        await using (var work = await engine.Store.Transactions.BeginAsync(default))
        {
            await work.InsertProcessedAsync(new Core.Alerts.ProcessedMessage("a", "imap:INBOX:1:1", "m1@x", AckOutcome.Applied, "ok", null, engine.Time.GetUtcNow()), default);
            await work.InsertProcessedAsync(new Core.Alerts.ProcessedMessage("a", "imap:INBOX:1:2", null, AckOutcome.Ignored, "no id", null, engine.Time.GetUtcNow()), default);
            await work.InsertProcessedAsync(new Core.Alerts.ProcessedMessage("b", "pop3:u1", "m2@x", AckOutcome.Applied, "ok", null, engine.Time.GetUtcNow()), default);
            await work.CommitAsync(default);
        }

        var found = await engine.Store.Mailboxes.FindProcessedMessageIdsAsync("a", ["m1@x", "m2@x", "M1@X", "m3@x"], default);

        Assert.Equal(["m1@x"], found.Order());
    }
}
