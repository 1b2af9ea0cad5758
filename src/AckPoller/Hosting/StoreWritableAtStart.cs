using AckPoller.Core.Storage;
using AckPoller.Core.Storage.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AckPoller.Hosting;

/// <summary>`ackpoller run` refuses to start on a database it cannot write (read-only file or mount, full disk): a
/// worker that cannot record acknowledgements must not look alive. The error names Storage:DatabasePath; `run` exits 1.
/// A database merely locked by another writer at this moment is not fatal (health reports it until it frees up).</summary>
internal sealed class StoreWritableAtStart(IStoreHealth health, SqliteConnectionFactory connections, ILogger<StoreWritableAtStart> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var probe = await health.ProbeAsync(cancellationToken);
        if (probe.Writable)
        {
            return;
        }

        if (probe.Problem?.StartsWith("locked", StringComparison.Ordinal) == true)
        {
            HostingLog.DatabaseLockedAtStart(logger, connections.DatabasePath, probe.Problem);
            return;
        }

        throw new StoreException($"Storage:DatabasePath: the database {connections.DatabasePath} cannot be written ({probe.Problem}). " +
            "AckPoller must record acknowledgements: make the file, its -wal/-shm files and its folder writable by this user (and not immutable), or free disk space.");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
