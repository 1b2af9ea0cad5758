using AckPoller.Core.Storage.Sqlite;
using AckPoller.Core.Tests.Storage;

namespace AckPoller.Core.Tests.Accounts;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class SqliteAccountActivityStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Polls_and_idle_are_recorded_per_account_and_the_last_error_outlives_later_successes()
    {
        using var engine = await EngineStore.OpenAsync();
        var store = new SqliteAccountActivityStore(engine.Store.Connections);

        Assert.Empty(await store.GetAllAsync(default));
        await store.RecordPollAsync("oncall", T0, "fetched 1", error: null, default);
        await store.RecordPollAsync("oncall", T0.AddMinutes(1), "failed", "IMAP: connection reset", default);
        await store.RecordPollAsync("oncall", T0.AddMinutes(2), "fetched 0", error: null, default);
        await store.RecordIdleAsync("oncall", connected: true, T0.AddMinutes(3), default);
        await store.RecordIdleAsync("backup", connected: false, T0.AddMinutes(4), default);

        var all = await store.GetAllAsync(default);

        Assert.Equal(["backup", "oncall"], all.Select(a => a.Account));
        var oncall = all[1];
        Assert.Equal(T0.AddMinutes(2), oncall.LastPollAt);
        Assert.True(oncall.LastPollSucceeded);
        Assert.Equal("fetched 0", oncall.LastPollSummary);
        Assert.Equal("IMAP: connection reset", oncall.LastError);
        Assert.Equal(T0.AddMinutes(1), oncall.LastErrorAt);
        Assert.True(oncall.IdleConnected);
        Assert.Equal(T0.AddMinutes(3), oncall.IdleChangedAt);
        Assert.Equal(T0.AddMinutes(3), oncall.UpdatedAt);
        var backup = all[0];
        Assert.Null(backup.LastPollAt);
        Assert.Null(backup.LastPollSucceeded);
        Assert.False(backup.IdleConnected);
    }

    [Fact]
    public async Task A_failed_poll_is_marked_and_a_huge_error_is_truncated()
    {
        using var engine = await EngineStore.OpenAsync();
        var store = new SqliteAccountActivityStore(engine.Store.Connections);

        await store.RecordPollAsync("oncall", T0, "failed", new string('x', 10_000), default);

        var oncall = Assert.Single(await store.GetAllAsync(default));
        Assert.False(oncall.LastPollSucceeded);
        Assert.InRange(oncall.LastError!.Length, 100, 2001);
    }
}
