using AckPoller.Integration.Tests.Storage;

namespace AckPoller.Integration.Tests.Cli;

/// <summary>The native front-end with Storage:Provider PostgreSql (the test run's private PostgreSQL 15): the same
/// commands print exactly what the full build prints, so a cluster's nodes can be queried with the installed
/// `ackpoller acks` too; an unreachable server is reported alike (exit 3, the host named, no password).</summary>
[Collection(PostgresCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class NativeCliPostgreSqlTests(PostgresServer server) : IDisposable
{
    private readonly string _passwordVariable = "ACKPOLLER_NATIVE_CLI_DB_PASSWORD_" + Guid.NewGuid().ToString("N");
    private NativeFrontEnd? _native;

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_passwordVariable, null);
        _native?.Dispose();
    }

    [Fact]
    public async Task Acks_and_alerts_from_postgresql_print_exactly_what_the_full_build_prints()
    {
        var database = await server.CreateDatabaseAsync();
        Environment.SetEnvironmentVariable(_passwordVariable, server.Password);
        _native = FrontEnd(server.ConnectionStringWithoutPassword(database));

        var seeded = await _native.SeedAsync();
        await _native.AssertSameAsFullBuildAsync(_native.StoreCommands(seeded));

        var all = await _native.RunAsync("acks", "--format", "json", "--limit", "100", "--config", _native.Config);
        using var rows = System.Text.Json.JsonDocument.Parse(all.Output);
        Assert.Equal(seeded.Entries, rows.RootElement.GetArrayLength());
        Assert.False(File.Exists(_native.Dir.File("data/ackpoller.db")));
    }

    [Fact]
    public async Task A_new_postgresql_schema_made_by_the_front_end_is_the_full_builds_schema()
    {
        var database = await server.CreateDatabaseAsync();
        Environment.SetEnvironmentVariable(_passwordVariable, server.Password);
        _native = FrontEnd(server.ConnectionStringWithoutPassword(database));
        await _native.AssertFreshStoreMadeNativelyServesTheFullBuildAsync();
    }

    [Fact]
    public async Task An_unreachable_server_is_reported_as_the_full_build_reports_it()
    {
        Environment.SetEnvironmentVariable(_passwordVariable, "any");
        var port = PostgreSqlCliTests.ClosedPort();
        _native = FrontEnd($"Host=127.0.0.1;Port={port};Username=ackpoller;Database=ackpoller;Timeout=5");

        string[] args = ["acks", "--config", _native.Config];
        var native = await _native.RunAsync(args);
        Assert.Equal(await NativeFrontEnd.ExpectedAsync(args), native);
        Assert.Equal(AckPoller.Cli.ExitCodes.ConnectionFailed, native.Exit);
        Assert.Contains($"Cannot reach PostgreSQL at 127.0.0.1:{port}", native.Error, StringComparison.Ordinal);
    }

    /// <summary>The front-end with Storage:Provider PostgreSql on this connection string, its password in the test's variable.</summary>
    private NativeFrontEnd FrontEnd(string connectionString) =>
        new($"\"Provider\": \"PostgreSql\", \"ConnectionString\": \"{connectionString}\", \"PasswordEnv\": \"{_passwordVariable}\"");
}
