using System.Data.Common;
using AckPoller.Core.Configuration;
using Microsoft.Data.Sqlite;

namespace AckPoller.Core.Storage.Sqlite;

/// <summary>Connections to one SQLite file: WAL journal (readers never block the writer), a busy timeout so concurrent
/// writers wait instead of failing, foreign keys on. The folder is created owner-only (0700) when missing, and the
/// database, -wal and -shm files are owner-only (0600): SQLite gives -wal and -shm the database file's mode, so the
/// database file is created 0600 before SQLite opens it, and tightened if an older AckPoller left it readable.
/// A connection SQLite could open only read-only (immutable file, read-only mount) is never pooled, so the first open
/// after the file becomes writable again gets a writable handle.</summary>
public sealed class SqliteConnectionFactory : IDatabaseConnectionFactory
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private static readonly AsyncLocal<TimeSpan?> WaitLimit = new();

    private readonly string _connectionString;
    private readonly string _unpooledConnectionString;
    private readonly int _busyTimeoutMs;
    private int _journalModeSet;
    private int _filesChecked;

    public SqliteConnectionFactory(StorageOptions options)
    {
        DatabasePath = Path.GetFullPath(options.DatabasePath);
        _busyTimeoutMs = (int)options.BusyTimeout.TotalMilliseconds;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = Math.Max(1, _busyTimeoutMs / 1000),
        };
        _connectionString = builder.ToString();
        builder.Pooling = false;
        _unpooledConnectionString = builder.ToString();
    }

    public string DatabasePath { get; }

    /// <summary>Until the returned scope is disposed, connections opened on this async flow wait at most
    /// <paramref name="limit"/> for another writer's lock (instead of Storage:BusyTimeout): an HTTP request answers
    /// "busy, retry" quickly rather than hanging.</summary>
    public static IDisposable LimitBusyWait(TimeSpan limit)
    {
        var previous = WaitLimit.Value;
        WaitLimit.Value = limit;
        return new WaitScope(previous);
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        EnsureFiles();
        var busyMs = WaitLimit.Value is { } limit ? Math.Min(_busyTimeoutMs, (int)limit.TotalMilliseconds) : _busyTimeoutMs;
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (IsReadOnly(connection))
            {
                // Never keep a read-only handle in the pool: it would stay read-only after the file is writable again.
                await connection.DisposeAsync();
                SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
                connection = new SqliteConnection(_unpooledConnectionString);
                await connection.OpenAsync(cancellationToken);
            }

            connection.DefaultTimeout = Math.Max(1, (busyMs + 999) / 1000);
            await using var command = connection.CreateCommand();
            command.CommandText = Volatile.Read(ref _journalModeSet) == 0 && !IsReadOnly(connection)
                ? $"PRAGMA journal_mode=WAL; PRAGMA busy_timeout={busyMs}; PRAGMA synchronous=NORMAL;"
                : $"PRAGMA busy_timeout={busyMs}; PRAGMA synchronous=NORMAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            if (!IsReadOnly(connection))
            {
                Volatile.Write(ref _journalModeSet, 1);
            }

            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync();
            throw new StoreException($"Cannot open the database {DatabasePath}: {ex.Message}", ex);
        }
    }

    /// <summary>True when SQLite opened the main database read-only (it falls back to that when the file cannot be
    /// opened for writing).</summary>
    public static bool IsReadOnly(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Handle is { } handle && SQLitePCL.raw.sqlite3_db_readonly(handle, "main") == 1;
    }

    private void EnsureFiles()
    {
        if (OperatingSystem.IsWindows())
        {
            if (Path.GetDirectoryName(DatabasePath) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }

            return;
        }

        var directory = Path.GetDirectoryName(DatabasePath);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, OwnerOnlyFolder);
        }

        if (!File.Exists(DatabasePath))
        {
            try
            {
                using var created = new FileStream(DatabasePath, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = OwnerOnlyFile,
                });
            }
            catch (IOException) when (File.Exists(DatabasePath))
            {
                // Created by another opener meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
                // The folder is not writable: SQLite's own open reports it.
            }
        }

        if (Interlocked.Exchange(ref _filesChecked, 1) == 0)
        {
            foreach (var file in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" })
            {
                TightenIfShared(file);
            }
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void TightenIfShared(string file)
    {
        try
        {
            if (File.Exists(file) && (File.GetUnixFileMode(file) & ~OwnerOnlyFile) != 0)
            {
                File.SetUnixFileMode(file, OwnerOnlyFile);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not ours to change (another owner, read-only mount): leave it as it is.
        }
    }

    private sealed class WaitScope(TimeSpan? previous) : IDisposable
    {
        public void Dispose() => WaitLimit.Value = previous;
    }
}
