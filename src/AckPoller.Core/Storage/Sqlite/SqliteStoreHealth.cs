using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Storage.Sqlite;

/// <summary>The SQLite write probe: rewrites the single row of <c>store_probe</c> in a BEGIN IMMEDIATE transaction,
/// waiting at most <see cref="MaxWait"/> for another writer. A probe is reused for <see cref="CacheFor"/>, so a busy
/// health endpoint does not turn into a write load.</summary>
public sealed class SqliteStoreHealth : IStoreHealth, IDisposable
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);

    private readonly SqliteConnectionFactory _connections;
    private readonly TimeProvider _time;
    private readonly ILogger<SqliteStoreHealth> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private StoreWriteProbe? _last;
    private DateTimeOffset? _lastWriteAt;

    public SqliteStoreHealth(SqliteConnectionFactory connections, TimeProvider time, ILogger<SqliteStoreHealth> logger)
    {
        _connections = connections;
        _time = time;
        _logger = logger;
    }

    public StoreWriteProbe? Last => Volatile.Read(ref _last);

    public async Task<StoreWriteProbe> ProbeAsync(CancellationToken cancellationToken)
    {
        if (Last is { } recent && _time.GetUtcNow() - recent.ProbedAt < CacheFor)
        {
            return recent;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Last is { } fresh && _time.GetUtcNow() - fresh.ProbedAt < CacheFor)
            {
                return fresh;
            }

            var probe = await WriteAsync(cancellationToken);
            Volatile.Write(ref _last, probe);
            return probe;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<StoreWriteProbe> WriteAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        try
        {
            using (SqliteConnectionFactory.LimitBusyWait(MaxWait))
            {
                await using var connection = (SqliteConnection)await _connections.OpenAsync(cancellationToken);
                if (SqliteConnectionFactory.IsReadOnly(connection))
                {
                    return Failed(now, "read-only: the database file cannot be opened for writing");
                }

                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "INSERT INTO store_probe (id, written_at) VALUES (1, $at) ON CONFLICT (id) DO UPDATE SET written_at = excluded.written_at;";
                command.Parameters.AddWithValue("$at", StoreTime.Format(now));
                await command.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            _lastWriteAt = now;
            return new StoreWriteProbe(true, now, null, now);
        }
        catch (Exception ex) when (StoreFailures.Classify(ex) is { } reason)
        {
            StorageLog.StoreWriteProbeFailed(_logger, reason, ex.Message);
            return Failed(now, reason + ": " + (ex is StoreException ? ex.Message : (ex as SqliteException)?.Message ?? ex.Message));
        }
    }

    public void Dispose() => _gate.Dispose();

    private StoreWriteProbe Failed(DateTimeOffset now, string problem) => new(false, now, problem, _lastWriteAt);
}
