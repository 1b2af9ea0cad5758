using AckPoller.Core.Alerts;
using AckPoller.Core.Storage;
using AckPoller.Core.Storage.PostgreSql;
using AckPoller.Core.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AckPoller.Core.Tests.Storage.PostgreSql;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class PostgreSqlAutoPrepareTests
{
    [Theory]
    [InlineData("Host=127.0.0.1;Username=u;Database=d", PostgreSqlConnectionFactory.DefaultMaxAutoPrepare)]
    [InlineData("Host=127.0.0.1;Username=u;Database=d;Max Auto Prepare=0", 0)]
    [InlineData("Host=127.0.0.1;Username=u;Database=d;maxautoprepare=5", 5)]
    public async Task Statements_are_prepared_automatically_unless_the_connection_string_says_otherwise(string connectionString, int expected)
    {
        await using var factory = new PostgreSqlConnectionFactory(connectionString);

        Assert.Equal(expected, factory.MaxAutoPrepare);
    }
}

/// <summary>The PostgreSQL unit of work sends the processed-message insert with the next statement or at commit, and
/// takes an advisory lock once per transaction: what that must not change (the contract suite covers the rest, on both
/// providers).</summary>
[Collection(PostgresCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class PostgreSqlRoundTripTests(PostgresServer server)
{
    [Fact]
    public async Task A_duplicate_processed_message_fails_the_unit_of_work_by_commit_and_nothing_is_kept()
    {
        await using var store = await OpenAsync();
        var transactions = store.Transactions;
        var at = DateTimeOffset.UtcNow;
        await using (var work = await transactions.BeginAsync(default))
        {
            await work.InsertProcessedAsync(new ProcessedMessage("a", "k", null, AckOutcome.Applied, "first", null, at), default);
            await work.CommitAsync(default);
        }

        await using (var work = await transactions.BeginAsync(default))
        {
            await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await work.InsertProcessedAsync(new ProcessedMessage("a", "k", null, AckOutcome.Applied, "second", null, at), default);
                await work.AppendAckLogAsync(new AckLogEntry { Account = "a", Protocol = "imap", MessageKey = "k", ProcessedAt = at, ReceivedAt = at, Outcome = AckOutcome.Applied, Reason = "second" }, default);
                await work.CommitAsync(default);
            });

            // Whatever the caller does next, the transaction cannot be committed.
            await Assert.ThrowsAnyAsync<Exception>(() => work.CommitAsync(default));
        }

        Assert.Equal(0L, await ScalarAsync(store.Connections, "SELECT COUNT(*) FROM ack_log"));
        Assert.Equal("first", await ScalarAsync(store.Connections, "SELECT string_agg(reason, ',') FROM processed_messages"));
    }

    [Fact]
    public async Task An_insert_not_followed_by_another_statement_is_committed_and_seen_by_the_same_transaction()
    {
        await using var store = await OpenAsync();
        var transactions = store.Transactions;
        var at = DateTimeOffset.UtcNow;
        await using (var work = await transactions.BeginAsync(default))
        {
            await work.InsertProcessedAsync(new ProcessedMessage("a", "k1", null, AckOutcome.Applied, "r", null, at), default);
            Assert.NotNull(await work.FindProcessedAsync("a", "k1", default));
            await work.InsertProcessedAsync(new ProcessedMessage("a", "k2", null, AckOutcome.Ignored, "r", null, at), default);
            await work.CommitAsync(default);
        }

        Assert.Equal(2L, await ScalarAsync(store.Connections, "SELECT COUNT(*) FROM processed_messages"));
    }

    private async Task<PostgreSqlStore> OpenAsync() =>
        await PostgreSqlStore.OpenAsync(server.ConnectionString(await server.CreateDatabaseAsync()), TimeProvider.System, NullLoggerFactory.Instance, default);

    private static async Task<object?> ScalarAsync(PostgreSqlConnectionFactory factory, string sql)
    {
        await using var connection = (NpgsqlConnection)await factory.OpenAsync(default);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
