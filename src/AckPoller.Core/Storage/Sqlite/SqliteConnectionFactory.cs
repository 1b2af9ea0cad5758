using System.Data.Common;
using AckPoller.Core.Configuration;
using Microsoft.Data.Sqlite;

namespace AckPoller.Core.Storage.Sqlite;

/// <summary>Connections to one SQLite file: WAL journal (readers never block the writer), a busy timeout so concurrent
/// writers wait instead of failing, foreign keys on. The folder is created owner-only when missing.</summary>
public sealed class SqliteConnectionFactory : IDatabaseConnectionFactory
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private int _journalModeSet;

    public SqliteConnectionFactory(StorageOptions options)
    {
        DatabasePath = Path.GetFullPath(options.DatabasePath);
        _busyTimeoutMs = (int)options.BusyTimeout.TotalMilliseconds;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = Math.Max(1, _busyTimeoutMs / 1000),
        }.ToString();
    }

    public string DatabasePath { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        EnsureDirectory();
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = Volatile.Read(ref _journalModeSet) == 0
                ? $"PRAGMA journal_mode=WAL; PRAGMA busy_timeout={_busyTimeoutMs}; PRAGMA synchronous=NORMAL;"
                : $"PRAGMA busy_timeout={_busyTimeoutMs}; PRAGMA synchronous=NORMAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            Volatile.Write(ref _journalModeSet, 1);
            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync();
            throw new StoreException($"Cannot open the database {DatabasePath}: {ex.Message}", ex);
        }
    }

    private void EnsureDirectory()
    {
        var directory = Path.GetDirectoryName(DatabasePath);
        if (string.IsNullOrEmpty(directory) || Directory.Exists(directory))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
