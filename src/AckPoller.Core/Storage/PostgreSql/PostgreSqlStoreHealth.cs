using Npgsql;

namespace AckPoller.Core.Storage.PostgreSql;

/// <summary>The PostgreSQL write probe: rewrites the single row of <c>store_probe</c> (a read-only standby, a full disk,
/// an unreachable server or lock waits past <see cref="MaxWait"/> all count as not writable); a probe is reused for
/// <see cref="CacheFor"/>.</summary>
public sealed class PostgreSqlStoreHealth(IDatabaseConnectionFactory connections, TimeProvider time) : PostgreSqlStoreBase(connections), IStoreHealth, IDisposable
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private StoreWriteProbe? _last;
    private DateTimeOffset? _lastWriteAt;

    public StoreWriteProbe? Last => Volatile.Read(ref _last);

    public async Task<StoreWriteProbe> ProbeAsync(CancellationToken cancellationToken)
    {
        if (Last is { } recent && time.GetUtcNow() - recent.ProbedAt < CacheFor)
        {
            return recent;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Last is { } fresh && time.GetUtcNow() - fresh.ProbedAt < CacheFor)
            {
                return fresh;
            }

            var now = time.GetUtcNow();
            StoreWriteProbe probe;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(MaxWait);
                await ExecuteAsync("SET LOCAL lock_timeout = '2s'; INSERT INTO store_probe (id, written_at) VALUES (1, @at) ON CONFLICT (id) DO UPDATE SET written_at = excluded.written_at",
                    p => p.AddTime("at", now), timeout.Token);
                _lastWriteAt = now;
                probe = new StoreWriteProbe(true, now, null, now);
            }
            catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or StoreException && !cancellationToken.IsCancellationRequested)
            {
                probe = new StoreWriteProbe(false, now, "not writable: " + ex.Message, _lastWriteAt);
            }

            Volatile.Write(ref _last, probe);
            return probe;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
