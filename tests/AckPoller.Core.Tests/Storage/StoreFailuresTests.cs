using System.Net.Sockets;
using AckPoller.Core.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AckPoller.Core.Tests.Storage;

/// <summary>One classifier for "the store cannot take writes now", whichever provider: the API answers these with 503
/// and the poll runner logs them as store failures; anything else stays a bug (500, stack trace).</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class StoreFailuresTests
{
    [Theory]
    [InlineData("25006", "read-only")]
    [InlineData("53100", "full")]
    [InlineData("55P03", "locked")]
    [InlineData("40P01", "locked")]
    [InlineData("08006", "unavailable")]
    [InlineData("57P01", "unavailable")]
    [InlineData("53300", "unavailable")]
    public void PostgreSQL_errors_that_mean_try_later_are_classified(string sqlState, string reason)
    {
        var error = new PostgresException("server says no", "ERROR", "ERROR", sqlState);

        Assert.Equal(reason, StoreFailures.Classify(error));
        Assert.Equal(reason, StoreFailures.Classify(new StoreException("wrapped", error)));
    }

    [Theory]
    [InlineData("23505")] // unique_violation: a bug or a race the code must handle, not an outage
    [InlineData("42P01")] // undefined_table
    [InlineData("22P02")] // invalid_text_representation
    public void PostgreSQL_errors_that_are_bugs_are_not(string sqlState) =>
        Assert.Null(StoreFailures.Classify(new PostgresException("server says no", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void A_server_that_cannot_be_reached_is_unavailable()
    {
        var refused = new NpgsqlException("Failed to connect to 127.0.0.1:1", new SocketException((int)SocketError.ConnectionRefused));

        Assert.Equal("unavailable", StoreFailures.Classify(refused));
        Assert.Equal("unavailable", StoreFailures.Classify(new StoreException("cannot reach") { Unreachable = true }));
    }

    [Fact]
    public void SQLite_and_other_failures_keep_their_meaning()
    {
        Assert.Equal("read-only", StoreFailures.Classify(new SqliteException("attempt to write a readonly database", 8)));
        Assert.Equal("locked", StoreFailures.Classify(new SqliteException("database is locked", 5)));
        Assert.Equal("locked", StoreFailures.Classify(new StoreUnavailableException("locked", "busy")));
        Assert.Null(StoreFailures.Classify(new SqliteException("constraint failed", 19)));
        Assert.Null(StoreFailures.Classify(new InvalidOperationException("a bug")));
        Assert.Null(StoreFailures.Classify(null));
    }
}
