using Microsoft.Data.Sqlite;

namespace AckPoller.Core.Storage.Sqlite;

/// <summary>Failures that mean "the store cannot take writes right now" rather than a bug: the database is locked by
/// another writer (SQLITE_BUSY/LOCKED), read-only (SQLITE_READONLY, e.g. an immutable file or a read-only mount), full
/// (SQLITE_FULL), or the file cannot be opened or written (SQLITE_CANTOPEN, SQLITE_IOERR, SQLITE_PERM). Callers answer
/// them with "try again later" (HTTP 503) instead of an internal error.</summary>
public static class SqliteStoreFailure
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
            if (ex is SqliteException sqlite)
            {
                return (sqlite.SqliteErrorCode & 0xFF) switch
                {
                    Busy or Locked => "locked",
                    ReadOnly => "read-only",
                    Full => "full",
                    Perm or IoErr or CantOpen => "unavailable",
                    _ => null,
                };
            }

            if (ex is StoreUnavailableException unavailable)
            {
                return unavailable.Reason;
            }
        }

        return null;
    }
}

/// <summary>The store cannot take writes now (see <see cref="SqliteStoreFailure"/>); <see cref="Reason"/> is short.</summary>
public sealed class StoreUnavailableException(string reason, string message, Exception? innerException = null) : Exception(message, innerException)
{
    public string Reason { get; } = reason;
}
