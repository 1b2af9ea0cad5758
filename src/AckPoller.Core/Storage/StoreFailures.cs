using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AckPoller.Core.Storage;

/// <summary>Failures that mean "the store cannot take writes right now" rather than a bug, for either provider.
/// SQLite: the database is locked by another writer (SQLITE_BUSY/LOCKED), read-only (SQLITE_READONLY, e.g. an immutable
/// file or a read-only mount), full (SQLITE_FULL), or the file cannot be opened or written (SQLITE_CANTOPEN,
/// SQLITE_IOERR, SQLITE_PERM). PostgreSQL: the server cannot be reached or went away (socket errors, timeouts, a
/// connection closed by the server, admin shutdown, too many connections), a read-only transaction (a standby, or
/// default_transaction_read_only), a full disk (53100), or a lock that could not be taken (55P03). Callers answer them
/// with "try again later" (HTTP 503, a poll retried later with its messages left in the mailbox) instead of an internal
/// error, and log them without a stack trace.</summary>
public static class StoreFailures
{
    private const int Perm = 3;
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoErr = 10;
    private const int Full = 13;
    private const int CantOpen = 14;

    /// <summary>A short reason ("locked", "read-only", "full", "unavailable") when <paramref name="exception"/> (or an
    /// inner exception) is such a failure; otherwise null.</summary>
    public static string? Classify(Exception? exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case SqliteException sqlite:
                    return (sqlite.SqliteErrorCode & 0xFF) switch
                    {
                        Busy or Locked => "locked",
                        ReadOnly => "read-only",
                        Full => "full",
                        Perm or IoErr or CantOpen => "unavailable",
                        _ => null,
                    };
                case PostgresException postgres:
                    return ClassifyPostgres(postgres.SqlState);
                case NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException:
                    return "unavailable";
                case StoreUnavailableException unavailable:
                    return unavailable.Reason;
                case StoreException { Unreachable: true }:
                    return "unavailable";
            }
        }

        return null;
    }

    private static string? ClassifyPostgres(string sqlState) => sqlState switch
    {
        "25006" => "read-only",                      // read_only_sql_transaction
        "53100" => "full",                           // disk_full
        "55P03" or "40P01" or "40001" => "locked",   // lock_not_available, deadlock_detected, serialization_failure
        _ when sqlState.StartsWith("08", StringComparison.Ordinal) => "unavailable",  // connection exceptions
        "53300" or "57P01" or "57P02" or "57P03" => "unavailable",  // too many connections, admin/crash shutdown, cannot connect now
        _ => null,
    };
}
