using Npgsql;

namespace AckPoller.Core.Tests.Storage.PostgreSql;

[Collection(PostgresCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class PostgresServerTests(PostgresServer server)
{
    [Fact]
    public async Task The_private_server_is_postgresql_15_on_loopback_with_password_authentication()
    {
        var database = await server.CreateDatabaseAsync();
        await using (var connection = new NpgsqlConnection(server.ConnectionString(database)))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT current_setting('server_version_num')::int, inet_server_addr()::text", connection);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.InRange(reader.GetInt32(0), 150000, 159999);
            Assert.StartsWith("127.0.0.1", reader.GetString(1), StringComparison.Ordinal);
        }

        await using var wrong = new NpgsqlConnection(server.ConnectionStringWithoutPassword(database) + ";Password=wrong");
        var refused = await Assert.ThrowsAsync<PostgresException>(() => wrong.OpenAsync());
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
    }
}
