using System.Diagnostics;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace AckPoller.Core.Tests.Storage;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class AckLogQueryTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("none", "ix_ack_log_processed")]
    [InlineData("since", "ix_ack_log_processed")]
    [InlineData("alert", "ix_ack_log_alert")]
    [InlineData("by", "ix_ack_log_actor")]
    [InlineData("outcome", "ix_ack_log_outcome")]
    [InlineData("account", "ix_ack_log_account")]
    [InlineData("alert+page", "ix_ack_log_alert")]
    public async Task Each_filter_walks_its_index_in_order_without_sorting(string filter, string index)
    {
        using var engine = await EngineStore.OpenAsync();
        var query = Query(filter);
        var plan = await PlanAsync(engine, query);
        output.WriteLine(plan);

        Assert.Contains(index, plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN ack_log\n", plan + "\n", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejection_count_for_the_lockout_uses_the_actor_index()
    {
        using var engine = await EngineStore.OpenAsync();
        await using var connection = (SqliteConnection)await engine.Store.Connections.OpenAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqliteAckLogStore.CountRejectionsSql;
        command.Parameters.AddWithValue("$by", "x");
        command.Parameters.AddWithValue("$since", "y");
        var plan = await ReadPlanAsync(command);
        Assert.Contains("ix_ack_log_actor (actor_address=? AND processed_at>?)", plan, StringComparison.Ordinal);
    }

    /// <summary>One million log rows (one year, 5,000 alerts, 400 people, 6 accounts): every filtered query answers in
    /// milliseconds. The timings go to the test output (run with --logger "console;verbosity=detailed").</summary>
    [Fact]
    public async Task A_million_rows_are_queried_by_each_filter_in_milliseconds()
    {
        using var engine = await EngineStore.OpenAsync();
        // Filling with the indexes in place costs a minute; dropping them and re-creating them from the schema's own
        // DDL afterwards (sorted builds) gives the same indexes in a fraction of that.
        var indexes = await IndexDdlAsync(engine);
        Assert.Equal(5, indexes.Count);
        foreach (var (name, _) in indexes)
        {
            await engine.ExecuteAsync($"DROP INDEX {name}");
        }

        var fill = Stopwatch.StartNew();
        await engine.ExecuteAsync("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
            INSERT INTO ack_log (alert_reference, action, actor_address, actor_name, received_at, processed_at, account, protocol, message_key, outcome, reason)
            SELECT printf('AP-%06d', i % 5000),
                   CASE i % 5 WHEN 0 THEN 'Ack' WHEN 1 THEN 'Note' WHEN 2 THEN 'Resolve' WHEN 3 THEN 'Snooze' ELSE 'Unack' END,
                   printf('person%d@example.com', i % 400), 'Person',
                   strftime('%Y-%m-%dT%H:%M:%S', 1735689600 + i * 31, 'unixepoch') || '.0000000Z',
                   strftime('%Y-%m-%dT%H:%M:%S', 1735689600 + i * 31, 'unixepoch') || '.0000000Z',
                   'account' || (i % 6), 'imap', 'imap:INBOX:1:' || i,
                   CASE WHEN i % 10 = 0 THEN 'Rejected' WHEN i % 10 = 1 THEN 'Ignored' ELSE 'Applied' END, 'reason'
            FROM n
            """);
        foreach (var (_, ddl) in indexes)
        {
            await engine.ExecuteAsync(ddl);
        }

        await engine.ExecuteAsync("ANALYZE");
        output.WriteLine($"filled 1,000,000 rows in {fill.ElapsedMilliseconds} ms");
        Assert.Equal(1_000_000, await engine.ScalarAsync("SELECT COUNT(*) FROM ack_log"));

        var log = engine.Store.AckLog;
        var midYear = new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero);
        var queries = new (string Name, AckLogQuery Query)[]
        {
            ("newest 100", new AckLogQuery()),
            ("one alert", new AckLogQuery { Alert = AlertReference.Parse("AP-001234") }),
            ("one person, one week", new AckLogQuery { By = "person17@example.com", Since = midYear, Until = midYear.AddDays(7) }),
            ("rejected, one day", new AckLogQuery { Outcome = AckOutcome.Rejected, Since = midYear, Until = midYear.AddDays(1) }),
            ("one account, one month, acks", new AckLogQuery { Account = "account3", Action = AckAction.Ack, Since = midYear, Until = midYear.AddMonths(1) }),
            ("time range 1000", new AckLogQuery { Since = midYear, Until = midYear.AddMonths(2), Limit = 1000 }),
        };

        foreach (var (name, query) in queries)
        {
            await log.QueryAsync(query, default);
            var watch = Stopwatch.StartNew();
            var page = await log.QueryAsync(query, default);
            var deep = page.Next is null ? page : await log.QueryAsync(query with { After = page.Next }, default);
            watch.Stop();
            output.WriteLine($"{name}: {page.Entries.Count} + {deep.Entries.Count} rows (two pages) in {watch.Elapsed.TotalMilliseconds:0.0} ms");
            Assert.NotEmpty(page.Entries);
            Assert.True(watch.ElapsedMilliseconds < 1000, $"{name} took {watch.ElapsedMilliseconds} ms");
        }

        var count = Stopwatch.StartNew();
        var rejections = await log.CountRejectionsAsync("person10@example.com", midYear, default);
        output.WriteLine($"rejection count since mid-year: {rejections} in {count.Elapsed.TotalMilliseconds:0.0} ms");
        Assert.True(rejections > 0);
    }

    private static async Task<List<(string Name, string Ddl)>> IndexDdlAsync(EngineStore engine)
    {
        await using var connection = (SqliteConnection)await engine.Store.Connections.OpenAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ack_log' AND sql IS NOT NULL ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync();
        var result = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            result.Add((reader.GetString(0), reader.GetString(1)));
        }

        return result;
    }

    private static AckLogQuery Query(string filter) => filter switch
    {
        "since" => new AckLogQuery { Since = Start, Until = Start.AddDays(1) },
        "alert" => new AckLogQuery { Alert = AlertReference.Parse("AP-000001"), Since = Start },
        "by" => new AckLogQuery { By = "jane@example.com", Since = Start },
        "outcome" => new AckLogQuery { Outcome = AckOutcome.Rejected, Since = Start },
        "account" => new AckLogQuery { Account = "oncall", Until = Start },
        "alert+page" => new AckLogQuery { Alert = AlertReference.Parse("AP-000001"), After = new AckLogCursor(Start, 42) },
        _ => new AckLogQuery(),
    };

    private static async Task<string> PlanAsync(EngineStore engine, AckLogQuery query)
    {
        await using var connection = (SqliteConnection)await engine.Store.Connections.OpenAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqliteAckLogStore.BuildSql(query, command.Parameters) + " LIMIT 100";
        return await ReadPlanAsync(command);
    }

    private static async Task<string> ReadPlanAsync(SqliteCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }

        return string.Join("\n", lines);
    }
}
