using AckPoller.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using System.Runtime.InteropServices;
using Quartz;

namespace AckPoller.Hosting;

/// <summary>The worker's health for the watchdog: the Quartz scheduler is running (started, not shut down or on
/// standby) and the store can be written. The store probe asks the kernel whether this process may write the database
/// file and its folder (access(2): a read-only remount, an immutable flag and permissions all fail it, for root too; on
/// Windows the read-only attribute), then takes SQLite's write lock on its own unpooled connection and rewrites the
/// header's user_version with its own value before rolling back (a locked or corrupt database fails that). The file
/// itself is never opened outside SQLite: closing another descriptor of it would drop SQLite's POSIX locks.</summary>
internal sealed class WorkerHealth : IWorkerHealth
{
    private readonly ISchedulerFactory _schedulers;
    private readonly SqliteConnectionFactory _store;

    public WorkerHealth(ISchedulerFactory schedulers, SqliteConnectionFactory store)
    {
        _schedulers = schedulers;
        _store = store;
    }

    public async Task<WorkerHealthStatus> CheckAsync(CancellationToken cancellationToken)
    {
        var scheduler = await SchedulerProblemAsync(cancellationToken);
        if (scheduler is not null)
        {
            return new WorkerHealthStatus("scheduler: " + scheduler);
        }

        var store = await StoreProblemAsync(cancellationToken);
        return store is null ? WorkerHealthStatus.Healthy : new WorkerHealthStatus("store: " + store);
    }

    private async Task<string?> SchedulerProblemAsync(CancellationToken cancellationToken)
    {
        try
        {
            var scheduler = await _schedulers.GetScheduler(cancellationToken);
            var status = await scheduler.GetStatus(cancellationToken);
            return status == SchedulerStatus.Running ? null : status.ToString().ToLowerInvariant();
        }
        catch (SchedulerException ex)
        {
            return "unavailable: " + ex.Message;
        }
    }

    private async Task<string?> StoreProblemAsync(CancellationToken cancellationToken)
    {
        var denied = WriteDenied(_store.DatabasePath);
        if (denied is not null)
        {
            return denied;
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _store.DatabasePath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 5,
        }.ToString();
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version";
            var version = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            command.CommandText = $"BEGIN IMMEDIATE; PRAGMA user_version = {version}; ROLLBACK;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return null;
        }
        catch (SqliteException ex)
        {
            return "not writable (" + ex.Message + ")";
        }
    }

    /// <summary>Why the file or its folder cannot be written, or null.</summary>
    internal static string? WriteDenied(string databasePath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(databasePath)) ?? ".";
        if (OperatingSystem.IsWindows())
        {
            var file = new FileInfo(databasePath);
            return !file.Exists ? $"{databasePath} is missing" : file.IsReadOnly ? $"{databasePath} is read-only" : null;
        }

        if (Access(databasePath, WriteOk) != 0)
        {
            return $"{databasePath} is not writable ({new System.ComponentModel.Win32Exception(Marshal.GetLastPInvokeError()).Message})";
        }

        if (Access(folder, WriteOk | ExecuteOk) != 0)
        {
            return $"the folder {folder} is not writable ({new System.ComponentModel.Win32Exception(Marshal.GetLastPInvokeError()).Message})";
        }

        return null;
    }

    private const int WriteOk = 2;
    private const int ExecuteOk = 1;

    [DllImport("libc", EntryPoint = "access", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks for the whole app
    private static extern int Access(string path, int mode);
#pragma warning restore SYSLIB1054
}
