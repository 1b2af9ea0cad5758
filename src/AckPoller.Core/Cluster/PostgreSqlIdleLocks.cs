using Npgsql;

namespace AckPoller.Core.Cluster;

/// <summary>The SQL that reads IDLE ownership from the database itself: granted advisory locks of class
/// <see cref="IdleLockKey.ClassId"/> in this database (pg_locks), with the application_name of the session holding each
/// (pg_stat_activity), so what is shown is the truth, not a node's claim.</summary>
internal static class PostgreSqlIdleLocks
{
    public const string HoldersSql = """
        SELECT l.objid::bigint, COALESCE(a.application_name, ''), l.pid = pg_backend_pid()
        FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.classid = 1097034576 AND l.objsubid = 2 AND l.granted
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        """;

    public const string SessionsSql = """
        SELECT DISTINCT application_name FROM pg_stat_activity
        WHERE datname = current_database() AND application_name LIKE 'ackpoller-node:%'
        """;

    public static string NodeOf(string applicationName) =>
        applicationName.StartsWith(IdleLockKey.ApplicationNamePrefix, StringComparison.Ordinal) ? applicationName[IdleLockKey.ApplicationNamePrefix.Length..] : applicationName;

    public static async Task<IReadOnlyDictionary<int, IdleLockHolder>> HoldersAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var holders = new Dictionary<int, IdleLockHolder>();
        await using var command = new NpgsqlCommand(HoldersSql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            holders[IdleLockKey.FromOid(reader.GetInt64(0))] = new IdleLockHolder(NodeOf(reader.GetString(1)), reader.GetBoolean(2));
        }

        return holders;
    }

    public static async Task<IReadOnlySet<string>> SessionNodesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var nodes = new HashSet<string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand(SessionsSql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            nodes.Add(NodeOf(reader.GetString(0)));
        }

        return nodes;
    }
}

/// <summary>Opens a node's IDLE lock session: one connection of its own, outside the pool (Pooling=false, so closing it
/// really ends the session and drops its locks), application_name "ackpoller-node:&lt;node id&gt;", short connect and
/// command timeouts, and TCP keepalives asked of the server for this session (idle 5 s, every 2 s, 3 probes), so the
/// server also notices within about 11 s a node whose machine vanished without closing its connection.</summary>
internal sealed class PostgreSqlIdleLockConnector(string connectionString) : IIdleLockConnector
{
    public const string ServerKeepalives = "-c tcp_keepalives_idle=5 -c tcp_keepalives_interval=2 -c tcp_keepalives_count=3";

    public static string ConnectionStringFor(string connectionString, string nodeId)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = IdleLockKey.ApplicationNamePrefix + nodeId,
            Timeout = 5,
            CommandTimeout = 5,
            TcpKeepAlive = true,
            Multiplexing = false,
        };
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? ServerKeepalives : builder.Options + " " + ServerKeepalives;
        return builder.ConnectionString;
    }

    public async Task<IIdleLockSession> ConnectAsync(string nodeId, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(ConnectionStringFor(connectionString, nodeId));
        try
        {
            await connection.OpenAsync(cancellationToken);
            return new PostgreSqlIdleLockSession(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}

internal sealed class PostgreSqlIdleLockSession(NpgsqlConnection connection) : IIdleLockSession
{
    public async Task<bool> TryLockAsync(int key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@class, @key)", connection);
        command.Parameters.AddWithValue("class", IdleLockKey.ClassId);
        command.Parameters.AddWithValue("key", key);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task UnlockAsync(int key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@class, @key)", connection);
        command.Parameters.AddWithValue("class", IdleLockKey.ClassId);
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task<IdleLockSnapshot> SnapshotAsync(CancellationToken cancellationToken) =>
        new(await PostgreSqlIdleLocks.HoldersAsync(connection, cancellationToken), await PostgreSqlIdleLocks.SessionNodesAsync(connection, cancellationToken));

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
