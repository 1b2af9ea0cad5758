using Microsoft.Extensions.Logging;
using AckPoller.Core.Alerts;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage.Migrations;

namespace AckPoller.Core.Storage.Sqlite;

/// <summary>Opens the SQLite store and brings its schema up to date; hands out the per-aggregate stores.</summary>
public sealed class SqliteStore
{
    private SqliteStore(SqliteConnectionFactory connections, TimeProvider time)
    {
        Connections = connections;
        AuthStates = new SqliteAuthStateStore(connections);
        TokenCaches = new SqliteTokenCacheStore(connections, time);
        Transactions = new SqliteUnitOfWorkFactory(connections);
        Alerts = new SqliteAlertStore(connections);
        AckLog = new SqliteAckLogStore(connections);
        Mailboxes = new SqliteMailboxStateStore(connections, time);
        Outbox = new SqliteOutboxStore(connections);
    }

    public SqliteConnectionFactory Connections { get; }

    public IAuthStateStore AuthStates { get; }

    public ITokenCacheStore TokenCaches { get; }

    public IUnitOfWorkFactory Transactions { get; }

    public SqliteAlertStore Alerts { get; }

    public SqliteAckLogStore AckLog { get; }

    public SqliteMailboxStateStore Mailboxes { get; }

    public SqliteOutboxStore Outbox { get; }

    public static async Task<SqliteStore> OpenAsync(StorageOptions options, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var connections = new SqliteConnectionFactory(options);
        var runner = new MigrationRunner(connections, SqliteMigrations.All, time, loggers.CreateLogger<MigrationRunner>());
        await runner.ApplyAsync(cancellationToken);
        return new SqliteStore(connections, time);
    }
}
