using System.Net;
using System.Net.Sockets;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage;
using AckPoller.Core.Storage.PostgreSql;
using AckPoller.Core.Tests.Support;

namespace AckPoller.Core.Tests.Storage.PostgreSql;

[Collection(PostgresCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class PostgreSqlConnectionTests(PostgresServer server)
{
    [Fact]
    public async Task An_unreachable_server_is_reported_by_host_and_port_as_unreachable()
    {
        var port = ClosedPort();
        await using var factory = new PostgreSqlConnectionFactory($"Host=127.0.0.1;Port={port};Username=ackpoller;Database=ackpoller;Timeout=5");

        var error = await Assert.ThrowsAsync<StoreException>(() => factory.OpenAsync(default));

        Assert.True(error.Unreachable);
        Assert.StartsWith($"Cannot reach PostgreSQL at 127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_reported_by_server_and_user_and_never_echoed()
    {
        var database = await server.CreateDatabaseAsync();
        const string wrong = "Wr0ng-Pa55word-do-not-echo";
        await using var factory = new PostgreSqlConnectionFactory(server.ConnectionStringWithoutPassword(database) + ";Password=" + wrong);

        var error = await Assert.ThrowsAsync<StoreException>(() => factory.OpenAsync(default));

        Assert.False(error.Unreachable);
        Assert.Contains($"PostgreSQL at 127.0.0.1:{server.Port} refused user 'postgres'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:PasswordEnv", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_database_is_named()
    {
        await using var factory = new PostgreSqlConnectionFactory(server.ConnectionString("no_such_db"));

        var error = await Assert.ThrowsAsync<StoreException>(() => factory.OpenAsync(default));

        Assert.Contains("has no database 'no_such_db'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_password_comes_from_an_environment_variable_or_a_file_or_with_the_whole_connection_string()
    {
        var database = await server.CreateDatabaseAsync();
        var variable = "ACKPOLLER_TEST_PG_" + Guid.NewGuid().ToString("N");
        using var dir = new TempDirectory();
        var passwordFile = dir.File("pw");
        await File.WriteAllTextAsync(passwordFile, server.Password + "\n");
        var connectionFile = dir.File("cs");
        await File.WriteAllTextAsync(connectionFile, server.ConnectionString(database) + "\n");
        var environment = new Dictionary<string, string?> { [variable] = server.Password, [variable + "_CS"] = server.ConnectionString(database) };

        StorageOptions[] ways =
        [
            new() { Provider = StorageProvider.PostgreSql, ConnectionString = server.ConnectionStringWithoutPassword(database), PasswordEnv = variable },
            new() { Provider = StorageProvider.PostgreSql, ConnectionString = server.ConnectionStringWithoutPassword(database), PasswordFile = passwordFile },
            new() { Provider = StorageProvider.PostgreSql, ConnectionStringEnv = variable + "_CS" },
            new() { Provider = StorageProvider.PostgreSql, ConnectionStringFile = connectionFile },
        ];
        foreach (var way in ways)
        {
            await using var factory = new PostgreSqlConnectionFactory(PostgreSqlConnectionFactory.ResolveConnectionString(way, environment.GetValueOrDefault));
            await using var connection = await factory.OpenAsync(default);
            Assert.Equal(System.Data.ConnectionState.Open, connection.State);
        }

        await using var without = new PostgreSqlConnectionFactory(PostgreSqlConnectionFactory.ResolveConnectionString(
            new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = server.ConnectionStringWithoutPassword(database) }, environment.GetValueOrDefault));
        var refused = await Assert.ThrowsAsync<StoreException>(() => without.OpenAsync(default));
        Assert.Contains("127.0.0.1:" + server.Port, refused.Message, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
