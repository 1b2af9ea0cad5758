using AckPoller.Core.Configuration;
using AckPoller.Hosting;
using AckPoller.Integration.Tests.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;

namespace AckPoller.Integration.Tests.Storage;

/// <summary>Two real worker hosts on one PostgreSQL database: with Storage:Provider PostgreSql their Quartz schedulers
/// use the clustered job store in AckPoller's own qrtz_ tables, both nodes check in, and the schedule both install is
/// stored once.</summary>
[Collection(PostgresCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class ClusteredSchedulingTests(PostgresServer server) : IDisposable
{
    private readonly CliFolder _folder = new();
    private readonly string _passwordVariable = "ACKPOLLER_TEST_DB_PASSWORD_" + Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_passwordVariable, null);
        _folder.Dispose();
    }

    [Fact]
    public async Task Two_nodes_share_one_clustered_persistent_schedule_in_postgresql()
    {
        var database = await server.CreateDatabaseAsync();
        var config = await ConfigAsync(database);

        using var first = Node(config);
        using var second = Node(config);
        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        try
        {
            var scheduler = await first.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            var metadata = await scheduler.GetMetadata();
            Assert.True(metadata.JobStoreClustered);
            Assert.True(metadata.JobStorePersistent);
            Assert.Equal("AckPoller", metadata.SchedulerName);

            // Each node checks in every few seconds; wait (bounded) until both have.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await ScalarAsync(database, "SELECT COUNT(DISTINCT instance_name) FROM qrtz_scheduler_state WHERE sched_name = 'AckPoller'") < 2)
            {
                await Task.Delay(100, timeout.Token);
            }

            var triggers = await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.AnyGroup());
            Assert.NotEmpty(triggers);
            Assert.Equal(triggers.Count, await ScalarAsync(database, "SELECT COUNT(*) FROM qrtz_triggers WHERE sched_name = 'AckPoller'"));
            Assert.Equal(triggers.Count, (await (await second.Services.GetRequiredService<ISchedulerFactory>().GetScheduler()).GetTriggerKeys(
                GroupMatcher<TriggerKey>.AnyGroup())).Count);
            Assert.Equal(1, await ScalarAsync(database,
                "SELECT COUNT(*) FROM qrtz_job_details WHERE sched_name = 'AckPoller' AND is_nonconcurrent AND job_data IS NOT NULL AND job_class_name LIKE '%PollAccountJob%'"));
        }
        finally
        {
            await Task.WhenAll(first.StopAsync(), second.StopAsync());
        }
    }

    [Fact]
    public async Task Running_nodes_register_beat_and_leave_and_ackpoller_cluster_lists_them_alive_or_lost()
    {
        var database = await server.CreateDatabaseAsync();
        var config = await ConfigAsync(database);

        using var first = Node(config);
        using var second = Node(config);
        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await ScalarAsync(database, "SELECT COUNT(*) FROM cluster_nodes") < 2)
            {
                await Task.Delay(100, timeout.Token);
            }

            // A third node that died without leaving: its heartbeat is a minute old.
            await ScalarAsync(database, "INSERT INTO cluster_nodes VALUES ('dead-node', 'gone.example', '0.9.0', now() - interval '1 hour', now() - interval '1 minute') RETURNING 1");
            var started = await ScalarAsync(database, "SELECT MAX(EXTRACT(EPOCH FROM heartbeat_at))::bigint FROM cluster_nodes WHERE id <> 'dead-node'");
            while (await ScalarAsync(database, "SELECT MIN(EXTRACT(EPOCH FROM heartbeat_at))::bigint FROM cluster_nodes WHERE id <> 'dead-node'") <= started)
            {
                await Task.Delay(200, timeout.Token); // each live node beats again within NodeHeartbeat.Interval
            }

            var listed = await CliRun.RunAsync("cluster", "--format", "json", "--config", config);
            Assert.True(listed.Exit == 0, listed.ToString());
            using var json = System.Text.Json.JsonDocument.Parse(listed.Output);
            var nodes = json.RootElement.GetProperty("nodes").EnumerateArray().ToList();
            Assert.Equal(3, nodes.Count);
            Assert.Equal(("dead-node", "lost"), (nodes[0].GetProperty("id").GetString(), nodes[0].GetProperty("state").GetString()));
            Assert.All(nodes.Skip(1), n =>
            {
                Assert.Equal("alive", n.GetProperty("state").GetString());
                Assert.Equal(Environment.MachineName, n.GetProperty("host").GetString());
                Assert.Equal(NodeHeartbeat.CurrentVersion, n.GetProperty("version").GetString());
            });

            var table = await CliRun.RunAsync("cluster", "--config", config);
            Assert.True(table.Exit == 0, table.ToString());
            Assert.Contains("dead-node", table.Output, StringComparison.Ordinal);
            Assert.Contains("lost", table.Output, StringComparison.Ordinal);
        }
        finally
        {
            await Task.WhenAll(first.StopAsync(), second.StopAsync());
        }

        Assert.Equal(1, await ScalarAsync(database, "SELECT COUNT(*) FROM cluster_nodes"));
    }

    private async Task<string> ConfigAsync(string database)
    {
        Environment.SetEnvironmentVariable(_passwordVariable, server.Password);
        return await _folder.WriteAsync("appsettings.json", $$"""
            {
              "Storage": { "Provider": "PostgreSql", "ConnectionString": "{{server.ConnectionStringWithoutPassword(database)}}", "PasswordEnv": "{{_passwordVariable}}" },
              "TokenCache": { "KeyEnv": "", "KeyFile": "{{Path.Combine(_folder.Path, "cache.key")}}" },
              "Web": { "Enabled": false },
              "Alerts": { "MessageIdDomain": "alerts.northwind.example" },
              "Accounts": [ {
                "Name": "oncall", "Mailbox": "alerts@northwind.example", "Protocol": "Imap", "Polling": { "Idle": false, "Interval": "01:00:00" },
                "IncomingServer": "imaps://127.0.0.1:1", "SmtpServer": "smtp://127.0.0.1:1", "AuthKind": "Password", "PasswordEnv": "{{_folder.PasswordVariable}}" } ]
            }
            """);
    }

    private static IHost Node(string config)
    {
        var builder = AckPollerHostBuilder.Create(config, minimumLogLevel: LogLevel.Warning);
        var options = (AckPollerOptions)builder.Services.Single(d => d.ServiceType == typeof(AckPollerOptions)).ImplementationInstance!;
        builder.Services.AddAckPollerWorker(options);
        return builder.Build();
    }

    private async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
