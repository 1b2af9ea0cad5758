using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace AckPoller.Benchmarks;

/// <summary>What the cluster harnesses (acklog, burst, capacity) share: the machine's load, percentiles, the PostgreSQL
/// cluster bench/cluster/pg.sh started (ACKPOLLER_BENCH_PG, ACKPOLLER_BENCH_PG_PASSWORD), the worker build.</summary>
internal static class ClusterBench
{
    public const string PgVariable = "ACKPOLLER_BENCH_PG";
    public const string PgPasswordVariable = "ACKPOLLER_BENCH_PG_PASSWORD";

    /// <summary>The 1, 5 and 15 minute load averages and the number of CPUs, as `uptime` shows them.</summary>
    public static string Load()
    {
        var parts = File.ReadAllText("/proc/loadavg").Split(' ');
        return $"load {parts[0]} {parts[1]} {parts[2]} on {Environment.ProcessorCount} cores";
    }

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    public static bool HasPostgres => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PgVariable));

    /// <summary>A new empty database on the bench cluster; returns its connection string without and with the password.</summary>
    public static async Task<(string WithoutPassword, string WithPassword)> CreatePgDatabaseAsync(string prefix)
    {
        var server = Environment.GetEnvironmentVariable(PgVariable)
            ?? throw new InvalidOperationException($"{PgVariable} is not set: run under bash bench/cluster/pg.sh.");
        var password = Environment.GetEnvironmentVariable(PgPasswordVariable) ?? "";
        var name = prefix + "_" + Guid.NewGuid().ToString("N")[..8];
        var admin = new NpgsqlConnectionStringBuilder(server) { Password = password, Pooling = false };
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE template0", connection);
            await command.ExecuteNonQueryAsync();
        }

        var without = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return (without, new NpgsqlConnectionStringBuilder(without) { Password = password }.ConnectionString);
    }

    /// <summary>src/AckPoller's ackpoller.dll (Release first, then Debug), for every bench that runs the worker.</summary>
    public static string WorkerDll()
    {
        foreach (var configuration in new[] { "Release", "Debug" })
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var bin = Path.Combine(dir.FullName, "src", "AckPoller", "bin", configuration);
                if (Directory.Exists(bin) && Directory.EnumerateFiles(bin, "ackpoller.dll", SearchOption.AllDirectories).FirstOrDefault() is { } dll)
                {
                    return dll;
                }
            }
        }

        throw new FileNotFoundException("Build the worker first: dotnet build src/AckPoller -c Release");
    }

    /// <summary>The option's value after <paramref name="name"/> in <paramref name="args"/>, or the default.</summary>
    public static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }

    public static int IntOption(string[] args, string name, int fallback) =>
        int.Parse(Option(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    /// <summary>Resident set size of a process in MB (VmRSS).</summary>
    public static double RssMb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return double.NaN;
    }

    public static long Now() => Stopwatch.GetTimestamp();
}
