using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Core.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Storage;

/// <summary>A migrated SQLite store in a temp folder, with a manual clock, plus raw SQL access for assertions.</summary>
internal sealed class EngineStore : IDisposable
{
    private readonly TempDirectory _dir;

    private EngineStore(TempDirectory dir, SqliteStore store, ManualTimeProvider time, string path)
    {
        _dir = dir;
        Store = store;
        Time = time;
        DatabasePath = path;
    }

    public SqliteStore Store { get; }

    public ManualTimeProvider Time { get; }

    public string DatabasePath { get; }

    public static async Task<EngineStore> OpenAsync()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2025, 3, 4, 10, 42, 0, TimeSpan.Zero));
        var dir = new TempDirectory();
        var path = dir.File("engine.db");
        var store = await SqliteStore.OpenAsync(new StorageOptions { DatabasePath = path }, time, NullLoggerFactory.Instance, default);
        return new EngineStore(dir, store, time, path);
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = (SqliteConnection)await Store.Connections.OpenAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = (SqliteConnection)await Store.Connections.OpenAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Inserts an alert directly (as a registered alert would be).</summary>
    public async Task<Alert> AddAlertAsync(string reference = "AP-7K3QZ9", string? messageId = "ap.7K3QZ9.abc@ackpoller.test", params string[] recipients)
    {
        await using var work = await Store.Transactions.BeginAsync(default);
        var alert = await work.InsertAlertAsync(new Alert
        {
            Reference = AlertReference.Parse(reference),
            Subject = "Disk full on db1",
            Body = "/var is 99% full",
            Severity = "critical",
            Source = "nagios",
            Recipients = recipients.Length == 0 ? ["jane@example.com", "bob@example.com"] : recipients,
            MessageId = messageId,
            CreatedAt = Time.GetUtcNow(),
            UpdatedAt = Time.GetUtcNow(),
        }, default);
        await work.CommitAsync(default);
        return alert;
    }

    public void Dispose() => _dir.Dispose();
}
