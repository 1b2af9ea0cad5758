using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AckPoller.Cli;
using AckPoller.Integration.Tests.Cli;

namespace AckPoller.Integration.Tests.Storage;

/// <summary>The real `ackpoller` commands with Storage:Provider PostgreSql against the test run's private server: the
/// provider is selected from the configuration, the schema is created on first use, and a server that cannot be reached
/// or refuses the password gives a clear error (exit 3 when unreachable) that never shows the password.</summary>
[Collection(PostgresCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class PostgreSqlCliTests(PostgresServer server) : IDisposable
{
    private readonly CliFolder _folder = new();
    private readonly string _passwordVariable = "ACKPOLLER_TEST_DB_PASSWORD_" + Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_passwordVariable, null);
        _folder.Dispose();
    }

    [Fact]
    public async Task Commands_use_the_postgresql_database_the_configuration_names_and_never_the_sqlite_file()
    {
        var database = await server.CreateDatabaseAsync();
        Environment.SetEnvironmentVariable(_passwordVariable, server.Password);
        var config = await ConfigAsync(server.ConnectionStringWithoutPassword(database));

        var raised = await CliRun.RunAsync("alert", "raise", "--to", "oncall@northwind.example", "--subject", "Disk full on db01", "--json", "--config", config);
        Assert.True(raised.Exit == ExitCodes.Ok, raised.ToString());
        var reference = JsonDocument.Parse(raised.Output).RootElement.GetProperty("reference").GetString();

        var listed = await CliRun.RunAsync("alerts", "--format", "json", "--config", config);
        Assert.True(listed.Exit == ExitCodes.Ok, listed.ToString());
        Assert.Equal(reference, JsonDocument.Parse(listed.Output).RootElement[0].GetProperty("reference").GetString());

        await using var connection = new Npgsql.NpgsqlConnection(server.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT (SELECT COUNT(*) FROM alerts) * 10 + (SELECT COUNT(*) FROM outbox WHERE state = 'Pending')", connection);
        Assert.Equal(11L, await command.ExecuteScalarAsync());
        Assert.False(File.Exists(Path.Combine(_folder.Path, "ackpoller.db")));
    }

    [Fact]
    public async Task Explain_checks_the_alert_and_the_sender_in_the_postgresql_database()
    {
        var database = await server.CreateDatabaseAsync();
        Environment.SetEnvironmentVariable(_passwordVariable, server.Password);
        var config = await ConfigAsync(server.ConnectionStringWithoutPassword(database));
        var registered = await CliRun.RunAsync("alert", "register", "--message-id", "ap.K3X9QZ.m4q7t2w9x1c5v8b3n6d0f2g7h1@alerts.northwind.example",
            "--ref", "AP-K3X9QZ", "--subject", "db-01: disk /var 97% full", "--to", "mateo.rossi@gmail.example", "--config", config);
        Assert.True(registered.Exit == ExitCodes.Ok, registered.ToString());

        var explained = await CliRun.RunAsync("explain", AckPoller.Integration.Tests.Explain.ExplainHarness.MimeCorpus("gmail-reply.eml"), "--json", "--config", config);

        Assert.True(explained.Exit == ExitCodes.Ok, explained.ToString());
        using var json = JsonDocument.Parse(explained.Output);
        Assert.Equal("AP-K3X9QZ", json.RootElement.GetProperty("alert").GetProperty("reference").GetString());
        Assert.True(json.RootElement.GetProperty("authorized").GetBoolean());
        Assert.Equal("applied", json.RootElement.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Run_against_an_unreachable_server_names_the_host_and_exits_3()
    {
        var port = ClosedPort();
        Environment.SetEnvironmentVariable(_passwordVariable, "any");
        var config = await ConfigAsync($"Host=127.0.0.1;Port={port};Username=ackpoller;Database=ackpoller;Timeout=5");

        var run = await CliRun.RunAsync("run", "--config", config);
        var alerts = await CliRun.RunAsync("alerts", "--config", config);

        Assert.True(run.Exit == ExitCodes.ConnectionFailed, run.ToString());
        Assert.Contains($"Cannot reach PostgreSQL at 127.0.0.1:{port}", run.Error, StringComparison.Ordinal);
        Assert.True(alerts.Exit == ExitCodes.ConnectionFailed, alerts.ToString());
        Assert.Contains($"Cannot reach PostgreSQL at 127.0.0.1:{port}", alerts.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_a_clear_error_that_never_shows_the_password()
    {
        var database = await server.CreateDatabaseAsync();
        const string wrong = "n0t-the-Right-pa55word";
        Environment.SetEnvironmentVariable(_passwordVariable, wrong);
        var config = await ConfigAsync(server.ConnectionStringWithoutPassword(database));

        var run = await CliRun.RunAsync("run", "--config", config);
        var alerts = await CliRun.RunAsync("alerts", "--config", config);

        foreach (var result in new[] { run, alerts })
        {
            Assert.True(result.Exit == ExitCodes.Failure, result.ToString());
            Assert.Contains($"PostgreSQL at 127.0.0.1:{server.Port} refused user 'postgres'", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain(wrong, result.Error + result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Config_check_refuses_a_password_written_into_the_connection_string_naming_the_key()
    {
        var config = await ConfigAsync("Host=db;Username=u;Database=d;Password=written-in-the-file");

        var result = await CliRun.RunAsync("config", "check", "--config", config);

        Assert.True(result.Exit == ExitCodes.BadConfiguration, result.ToString());
        Assert.Contains("Storage:ConnectionString: must not contain a password", result.Error + result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("written-in-the-file", result.Error + result.Output, StringComparison.Ordinal);
    }

    private Task<string> ConfigAsync(string connectionString) => _folder.WriteAsync("appsettings.json", $$"""
        {
          "Storage": { "Provider": "PostgreSql", "ConnectionString": "{{connectionString}}", "PasswordEnv": "{{_passwordVariable}}",
                       "DatabasePath": "{{Path.Combine(_folder.Path, "ackpoller.db")}}" },
          "TokenCache": { "KeyEnv": "", "KeyFile": "{{Path.Combine(_folder.Path, "cache.key")}}" },
          "Web": { "Enabled": false },
          "Alerts": { "MessageIdDomain": "alerts.northwind.example" },
          "Accounts": [ {
            "Name": "oncall", "Mailbox": "alerts@northwind.example", "Protocol": "Imap",
            "IncomingServer": "imaps://127.0.0.1:1", "SmtpServer": "smtp://127.0.0.1:1", "AuthKind": "Password", "PasswordEnv": "{{_folder.PasswordVariable}}" } ]
        }
        """);

    /// <summary>A loopback port nothing listens on (shared with NativeCliPostgreSqlTests).</summary>
    internal static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
