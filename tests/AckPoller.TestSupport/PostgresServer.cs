using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace AckPoller.TestSupport;

/// <summary>A private PostgreSQL 15 cluster owned by the test run (Debian's `postgresql` package, installed by
/// tests/postgres/install.sh): initdb into a temporary directory as the `postgres` user (when the tests run as root),
/// a free loopback port, its unix socket in the same directory, password (SCRAM) authentication on TCP. Stopped and
/// removed when the test collection ends. Each test takes a fresh database from <see cref="CreateDatabaseAsync"/>.</summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";
    public const string User = "postgres";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "ackpoller-pg-" + Guid.NewGuid().ToString("N")[..12]);
    private int _databases;

    public int Port { get; private set; }

    /// <summary>The superuser's password (random per run).</summary>
    public string Password { get; } = "pw-" + Guid.NewGuid().ToString("N");

    private string DataDirectory => Path.Combine(_root, "data");

    /// <summary>A connection string without the database name's password part: Host, Port, Username, Database.</summary>
    public string ConnectionStringWithoutPassword(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = User, Database = database, Pooling = true }.ConnectionString;

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionStringWithoutPassword(database)) { Password = Password }.ConnectionString;

    public async Task InitializeAsync()
    {
        if (OperatingSystem.IsWindows() || !File.Exists(Path.Combine(BinDirectory, "initdb")))
        {
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({BinDirectory}/initdb missing): run `bash tests/postgres/install.sh`.");
        }

        Directory.CreateDirectory(_root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var passwordFile = Path.Combine(_root, "pwfile");
        await File.WriteAllTextAsync(passwordFile, Password + "\n");
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (RunningAsRoot)
        {
            await RunAsync("chown", ["-R", User + ":" + User, _root]);
        }

        await RunPostgresToolAsync("initdb", ["-D", DataDirectory, "-U", User, "--auth-local=trust", "--auth-host=scram-sha-256",
            "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        File.Delete(passwordFile);

        // Another run (or helper) may take the port between the probe and the start: try a few.
        Exception? last = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            Port = FreePort();
            try
            {
                await RunPostgresToolAsync("pg_ctl", ["start", "-w", "-t", "60", "-D", DataDirectory, "-l", Path.Combine(_root, "server.log"),
                    "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"]);
                return;
            }
            catch (InvalidOperationException ex)
            {
                last = ex;
            }
        }

        throw new InvalidOperationException("The test PostgreSQL server did not start: " + last?.Message + ServerLog(), last);
    }

    /// <summary>A new empty database; returns its name.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t" + Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE template0", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (Directory.Exists(DataDirectory))
            {
                await RunPostgresToolAsync("pg_ctl", ["stop", "-w", "-m", "immediate", "-D", DataDirectory]);
            }
        }
        catch (InvalidOperationException)
        {
            // Not running (start failed): nothing to stop.
        }
        finally
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static bool RunningAsRoot => Environment.UserName == "root";

    private string ServerLog()
    {
        var log = Path.Combine(_root, "server.log");
        return File.Exists(log) ? Environment.NewLine + File.ReadAllText(log) : "";
    }

    private static int FreePort()
    {
        // The cluster helper's range (26000-26999) first; any free port when all of those are taken.
        for (var i = 0; i < 50; i++)
        {
            var candidate = Random.Shared.Next(26000, 27000);
            if (IsFree(candidate))
            {
                return candidate;
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static Task RunPostgresToolAsync(string tool, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(BinDirectory, tool);
        return RunningAsRoot ? RunAsync("runuser", ["-u", User, "--", path, .. arguments]) : RunAsync(path, arguments);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}{await output}");
        }
    }
}

/// <summary>The name of the xunit collection that shares one <see cref="PostgresServer"/>; each test assembly declares the
/// collection itself (xunit looks for definitions in the test assembly only).</summary>
public static class PostgresCollection
{
    public const string Name = "PostgreSQL server";
}
