using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Sandbox;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace AckPoller.Integration.Tests.Hosting;

/// <summary>`ackpoller run` as a real process under a stand-in for systemd: a Unix datagram socket passed as
/// NOTIFY_SOCKET with WATCHDOG_USEC, as systemd does for Type=notify and WatchdogSec=. READY=1 comes first and only
/// after the migrations ran; WATCHDOG=1 pings while healthy, stop while the database file cannot be written (an
/// immutable flag as root, whom permissions do not stop; read-only permissions otherwise) and resume after;
/// SIGTERM gives STOPPING=1 and a clean exit.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class SystemdNotifyTests : IDisposable
{
    private static readonly TimeSpan WatchdogTimeout = TimeSpan.FromSeconds(1);
    private readonly ITestOutputHelper _output;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ap-sd-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly StringBuilder _workerOutput = new();

    public SystemdNotifyTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(_folder);
        _socket.Bind(new UnixDomainSocketEndPoint(SocketPath));
    }

    private string SocketPath => Path.Combine(_folder, "notify.sock");

    private string Database => Path.Combine(_folder, "data", "ackpoller.db");

    [Fact]
    public async Task Ready_after_start_up_watchdog_only_while_the_store_is_writable_and_stopping_on_sigterm()
    {
        var worker = Start(await WriteConfigAsync(Database));
        try
        {
            // READY=1 is the first message: no ping before it, and the schema is complete by then.
            Assert.Equal("READY=1", await ReceiveAsync(TimeSpan.FromSeconds(60), worker));
            Assert.Equal(SqliteMigrations.All.Count, await CountMigrationsAsync());
            await ReceiveUntilAsync(m => m == "WATCHDOG=1", worker);
            await ReceiveUntilAsync(m => m == "WATCHDOG=1", worker);

            SetWritable(Database, writable: false);
            try
            {
                var unhealthy = await ReceiveUntilAsync(m => m.StartsWith("STATUS=Unhealthy: store:", StringComparison.Ordinal), worker);
                _output.WriteLine(unhealthy);
                // Three ping intervals (half the timeout each) without a ping: systemd would restart the worker now.
                var deadline = DateTime.UtcNow + (WatchdogTimeout / 2 * 3);
                while (DateTime.UtcNow < deadline)
                {
                    var message = await ReceiveAsync(deadline - DateTime.UtcNow, worker, timeoutIsNull: true);
                    Assert.NotEqual("WATCHDOG=1", message);
                }
            }
            finally
            {
                SetWritable(Database, writable: true);
            }

            await ReceiveUntilAsync(m => m == "STATUS=Running", worker);
            await ReceiveUntilAsync(m => m == "WATCHDOG=1", worker);

            Signal(worker, "TERM");
            await ReceiveUntilAsync(m => m == "STOPPING=1", worker);
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await worker.WaitForExitAsync(exit.Token);
            Assert.Equal(0, worker.ExitCode);
        }
        finally
        {
            Stop(worker);
        }
    }

    [Fact]
    public async Task A_worker_that_cannot_start_never_says_ready()
    {
        // The database folder would have to be created under a regular file: the migrations cannot run.
        var blocker = Path.Combine(_folder, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "x");
        var worker = Start(await WriteConfigAsync(Path.Combine(blocker, "ackpoller.db")));
        try
        {
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await worker.WaitForExitAsync(exit.Token);
            Assert.NotEqual(0, worker.ExitCode);
            var sent = new List<string>();
            while (_socket.Available > 0)
            {
                sent.Add(await ReceiveAsync(TimeSpan.FromSeconds(5), worker));
            }

            Assert.DoesNotContain("READY=1", sent);
            Assert.DoesNotContain("WATCHDOG=1", sent);
        }
        finally
        {
            Stop(worker);
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        SqliteConnection.ClearAllPools();
        if (File.Exists(Database))
        {
            SetWritable(Database, writable: true);
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<string> WriteConfigAsync(string database)
    {
        var settings = SandboxSettings.Load();
        var config = Path.Combine(_folder, "appsettings.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "Storage": { "DatabasePath": "{{database}}" },
              "Web": { "Url": "http://127.0.0.1:0" },
              "TokenCache": { "KeyEnv": "", "KeyFile": "{{Path.Combine(_folder, "keys", "cache.key")}}" },
              "Auth": { "ExtraCaFile": "{{settings.CaFile}}" },
              "Accounts": [ {
                "Name": "replies", "Mailbox": "{{settings.NewAddress("sd")}}", "Protocol": "Imap",
                "IncomingServer": "imaps://{{settings.Host}}:{{settings.Ports.Imaps}}",
                "AuthKind": "Password", "PasswordEnv": "ACKPOLLER_SD_PASSWORD" } ]
            }
            """);
        return config;
    }

    private Process Start(string config) => WorkerProcess.Start(config, new Dictionary<string, string>
    {
        ["ACKPOLLER_SD_PASSWORD"] = SandboxSettings.Load().Password,
        ["NOTIFY_SOCKET"] = SocketPath,
        ["WATCHDOG_USEC"] = ((long)WatchdogTimeout.TotalMicroseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
    }, Keep);

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_workerOutput)
            {
                _workerOutput.AppendLine(line);
            }
        }
    }

    private string WorkerOutput()
    {
        lock (_workerOutput)
        {
            return _workerOutput.ToString();
        }
    }

    private async Task<string> ReceiveUntilAsync(Func<string, bool> wanted, Process worker)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var message = left > TimeSpan.Zero ? await ReceiveAsync(left, worker, timeoutIsNull: true) : null;
            if (message is null)
            {
                Assert.Fail("the wanted notification did not come within 30 s. Worker output:\n" + WorkerOutput());
            }

            if (wanted(message))
            {
                return message;
            }
        }
    }

    private Task<string> ReceiveAsync(TimeSpan timeout, Process worker) => ReceiveAsync(timeout, worker, timeoutIsNull: false)!;

    private async Task<string?> ReceiveAsync(TimeSpan timeout, Process worker, bool timeoutIsNull)
    {
        var buffer = new byte[4096];
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            var length = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
            var message = Encoding.UTF8.GetString(buffer, 0, length);
            _output.WriteLine("notify: " + message);
            return message;
        }
        catch (OperationCanceledException) when (timeoutIsNull)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no notification within {timeout} (worker exited: {worker.HasExited}). Worker output:\n" + WorkerOutput());
        }
    }

    private async Task<long> CountMigrationsAsync()
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM schema_version";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Root ignores permissions, not the immutable flag (chattr); anyone else is stopped by read-only mode.</summary>
    private static void SetWritable(string file, bool writable)
    {
        if (Environment.UserName == "root")
        {
            Run("chattr", writable ? "-i" : "+i", file);
        }
        else if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, writable ? UnixFileMode.UserRead | UnixFileMode.UserWrite : UnixFileMode.UserRead);
        }
    }

    private static void Signal(Process process, string signal) => Run("kill", "-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static void Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: {error}");
    }

    private static void Stop(Process worker)
    {
        if (!worker.HasExited)
        {
            worker.Kill(entireProcessTree: true);
            worker.WaitForExit();
        }

        worker.Dispose();
    }
}
