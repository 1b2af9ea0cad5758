using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AckPoller.Core.Storage;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Integration.Tests.EndToEnd;
using Microsoft.Data.Sqlite;

namespace AckPoller.Integration.Tests.Web;

/// <summary>A real SQLite file that is locked by another writer, made read-only (immutable) or full: API writes answer
/// 503 application/problem+json with Retry-After (never an empty 500 after the busy timeout), /healthz turns unhealthy
/// (503) through its write probe, and both recover by themselves once the file is writable again; `run` refuses to
/// start on a read-only database with an error naming Storage:DatabasePath.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class StoreFailureTests
{
    private static readonly object Alert = new { to = new[] { "oncall@sandbox.test" }, subject = "disk full on db-01" };

    [Fact]
    public async Task A_locked_database_gives_503_problem_json_with_retry_after_and_unhealthy_until_the_lock_is_released()
    {
        await using var web = await WebWorld.StartAsync();
        await AssertHealthyAsync(web);

        await using (var holder = new SqliteConnection($"Data Source={web.World.Harness.DatabasePath};Pooling=False"))
        {
            await holder.OpenAsync();
            await using var lockCommand = holder.CreateCommand();
            lockCommand.CommandText = "BEGIN IMMEDIATE;";
            await lockCommand.ExecuteNonQueryAsync();

            var watch = Stopwatch.StartNew();
            var (status, problem, response) = await web.PostJsonAsync("/api/alerts", Alert);
            watch.Stop();
            AssertUnavailable(status, problem, response, "locked");

            // Not the 10-second Storage:BusyTimeout: a request waits at most StoreErrors.MaxStoreWait for the lock.
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(9), $"answered after {watch.Elapsed}");

            var health = await WaitForHealthAsync(web, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("unhealthy", health.GetProperty("status").GetString());
            Assert.Contains("not writable: locked", health.GetProperty("store").GetProperty("detail").GetString(), StringComparison.Ordinal);

            lockCommand.CommandText = "ROLLBACK;";
            await lockCommand.ExecuteNonQueryAsync();
        }

        await AssertHealthyAsync(web);
        var (created, _, done) = await web.PostJsonAsync("/api/alerts", Alert);
        done.Dispose();
        Assert.Equal(HttpStatusCode.Created, created);
    }

    [Fact]
    public async Task A_database_made_read_only_gives_503_and_unhealthy_and_recovers_when_writable_again()
    {
        await using var web = await WebWorld.StartAsync();
        await AssertHealthyAsync(web);
        var database = web.World.Harness.DatabasePath;
        await using (ReadOnlyFile.Make(database))
        {
            // New handles see the read-only file (pooled ones were opened while it was writable).
            SqliteConnection.ClearAllPools();
            var (status, problem, response) = await web.PostJsonAsync("/api/alerts", Alert);
            AssertUnavailable(status, problem, response, "read-only");

            var health = await WaitForHealthAsync(web, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("not writable: read-only", health.GetProperty("store").GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // No restart: read-only handles were never pooled, so the next connection is writable.
        await AssertHealthyAsync(web);
        var (created, _, done) = await web.PostJsonAsync("/api/alerts", Alert);
        done.Dispose();
        Assert.Equal(HttpStatusCode.Created, created);
    }

    [Fact]
    public async Task Run_refuses_to_start_on_a_read_only_database_naming_storage_database_path()
    {
        await using var world = await EndToEndWorld.StartAsync(ReplyChannel.ImapPolling, startWorker: false);
        SqliteConnection.ClearAllPools();
        CliResultLike refused;
        await using (ReadOnlyFile.Make(world.Harness.DatabasePath))
        {
            refused = await RunAsync(world.ConfigPath, TimeSpan.FromSeconds(60));
        }

        Assert.True(refused.Exit == AckPoller.Cli.ExitCodes.Failure, refused.ToString());
        Assert.Contains("Storage:DatabasePath", refused.Error, StringComparison.Ordinal);
        Assert.Contains(world.Harness.DatabasePath, refused.Error, StringComparison.Ordinal);
        Assert.Contains("read-only", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_database_is_classified_as_a_store_failure_not_a_bug()
    {
        var folder = Directory.CreateTempSubdirectory("ackpoller-full-");
        try
        {
            using var connection = new SqliteConnection($"Data Source={Path.Combine(folder.FullName, "full.db")};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t (x BLOB); PRAGMA max_page_count = 8;";
            command.ExecuteNonQuery();
            command.CommandText = "INSERT INTO t VALUES (zeroblob(4096));";
            var full = Assert.Throws<SqliteException>(() =>
            {
                for (var i = 0; i < 100; i++)
                {
                    command.ExecuteNonQuery();
                }
            });
            Assert.Equal(13, full.SqliteErrorCode);
            Assert.Equal("full", StoreFailures.Classify(new Core.Storage.StoreException("wrapped", full)));
            Assert.Null(StoreFailures.Classify(new InvalidOperationException("a bug")));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static void AssertUnavailable(HttpStatusCode status, JsonElement problem, HttpResponseMessage response, string reason)
    {
        using (response)
        {
            Assert.True(status == HttpStatusCode.ServiceUnavailable, $"{(int)status} {problem}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(AckPoller.Web.StoreErrors.RetryAfterSeconds), response.Headers.RetryAfter!.Delta);
            Assert.Equal(503, problem.GetProperty("status").GetInt32());
            Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    private static async Task AssertHealthyAsync(WebWorld web)
    {
        var health = await WaitForHealthAsync(web, HttpStatusCode.OK);
        Assert.Equal("writable", health.GetProperty("store").GetProperty("detail").GetString());
    }

    /// <summary>/healthz until it answers <paramref name="expected"/> (the probe is cached for a moment), at most 30 s.</summary>
    private static async Task<JsonElement> WaitForHealthAsync(WebWorld web, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var response = await web.Http.GetAsync("/healthz");
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            if (response.StatusCode == expected || DateTime.UtcNow > deadline)
            {
                Assert.True(response.StatusCode == expected, $"/healthz {(int)response.StatusCode}: {body}");
                return body;
            }

            await Task.Delay(200);
        }
    }

    private sealed record CliResultLike(int Exit, string Output, string Error)
    {
        public override string ToString() => $"exit {Exit}\n{Output}\n{Error}";
    }

    private static async Task<CliResultLike> RunAsync(string configPath, TimeSpan timeout)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource(timeout);
        var root = new System.CommandLine.RootCommand { AckPoller.Cli.RunCommand.Create() };
        var exit = await root.Parse(["run", "--config", configPath]).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error }, stop.Token);
        return new CliResultLike(exit, output.ToString(), error.ToString());
    }
}

/// <summary>Makes a file read-only for this process until disposed: the immutable attribute when running as root (root
/// ignores permission bits), otherwise mode 0400.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
internal sealed class ReadOnlyFile : IAsyncDisposable
{
    private readonly string _path;
    private readonly UnixFileMode _mode;
    private readonly bool _immutable;

    private ReadOnlyFile(string path, UnixFileMode mode, bool immutable)
    {
        _path = path;
        _mode = mode;
        _immutable = immutable;
    }

    public static ReadOnlyFile Make(string path)
    {
        var mode = File.GetUnixFileMode(path);
        if (Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root" || IsRoot())
        {
            Chattr("+i", path);
            return new ReadOnlyFile(path, mode, immutable: true);
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead);
        return new ReadOnlyFile(path, mode, immutable: false);
    }

    public ValueTask DisposeAsync()
    {
        if (_immutable)
        {
            Chattr("-i", _path);
        }
        else
        {
            File.SetUnixFileMode(_path, _mode);
        }

        return ValueTask.CompletedTask;
    }

    private static bool IsRoot() => File.ReadAllText("/proc/self/status").Split('\n').FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries) is [_, "0", ..];

    private static void Chattr(string flag, string path)
    {
        using var process = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true })!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"chattr {flag} {path}: {process.StandardError.ReadToEnd()}");
    }
}
