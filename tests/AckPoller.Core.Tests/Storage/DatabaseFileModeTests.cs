using AckPoller.Core.Configuration;
using AckPoller.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace AckPoller.Core.Tests.Storage;

/// <summary>The database holds alert and acknowledgement data: its folder is created 0700 and the database, -wal and
/// -shm files are 0600 (SQLite copies the database file's mode to -wal and -shm); a database an older version left
/// world-readable is tightened on open.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class DatabaseFileModeTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ackpoller-modes-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task The_folder_is_0700_and_the_database_wal_and_shm_files_are_0600()
    {
        var path = Path.Combine(_root, "data", "ackpoller.db");
        var factory = new SqliteConnectionFactory(new StorageOptions { DatabasePath = path });
        {
            await using var connection = await factory.OpenAsync(default);
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('secret');";
            await command.ExecuteNonQueryAsync();

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                Assert.True(File.Exists(file), file);
                Assert.Equal(OwnerOnly, File.GetUnixFileMode(file));
            }
        }
    }

    [Fact]
    public async Task A_world_readable_database_is_tightened_on_open()
    {
        Directory.CreateDirectory(_root);
        var path = Path.Combine(_root, "old.db");
        await File.WriteAllBytesAsync(path, []);
        File.SetUnixFileMode(path, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using (var connection = await new SqliteConnectionFactory(new StorageOptions { DatabasePath = path }).OpenAsync(default))
        {
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
