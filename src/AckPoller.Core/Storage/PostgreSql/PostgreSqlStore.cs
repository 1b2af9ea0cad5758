using AckPoller.Core.Accounts;
using AckPoller.Core.Alerts;
using AckPoller.Core.Auth;
using AckPoller.Core.Mailboxes;
using AckPoller.Core.Notifications;
using AckPoller.Core.Outbox;
using AckPoller.Core.Processing;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Storage.PostgreSql;

/// <summary>Opens the PostgreSQL store and brings its schema up to date; hands out the per-aggregate stores
/// (the PostgreSQL counterpart of SqliteStore, for tools and tests; the host registers the same classes).</summary>
public sealed class PostgreSqlStore : IAsyncDisposable
{
    private PostgreSqlStore(PostgreSqlConnectionFactory connections, TimeProvider time)
    {
        Connections = connections;
        AuthStates = new PostgreSqlAuthStateStore(connections);
        TokenCaches = new PostgreSqlTokenCacheStore(connections, time);
        Transactions = new PostgreSqlUnitOfWorkFactory(connections);
        Alerts = new PostgreSqlAlertStore(connections);
        AckLog = new PostgreSqlAckLogStore(connections);
        Mailboxes = new PostgreSqlMailboxStateStore(connections, time);
        Outbox = new PostgreSqlOutboxStore(connections);
        Activity = new PostgreSqlAccountActivityStore(connections);
        Notifications = new PostgreSqlNotificationLog(connections);
    }

    public PostgreSqlConnectionFactory Connections { get; }

    public IAuthStateStore AuthStates { get; }

    public ITokenCacheStore TokenCaches { get; }

    public IUnitOfWorkFactory Transactions { get; }

    public IAlertStore Alerts { get; }

    public IAckLogStore AckLog { get; }

    public IMailboxStateStore Mailboxes { get; }

    public IOutboxStore Outbox { get; }

    public IAccountActivityStore Activity { get; }

    public INotificationLog Notifications { get; }

    public static async Task<PostgreSqlStore> OpenAsync(string connectionString, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        var connections = new PostgreSqlConnectionFactory(connectionString);
        try
        {
            var runner = new PostgreSqlMigrationRunner(connections, PostgreSqlMigrations.All, time, loggers.CreateLogger<PostgreSqlMigrationRunner>());
            await runner.ApplyAsync(cancellationToken);
            return new PostgreSqlStore(connections, time);
        }
        catch
        {
            await connections.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Connections.DisposeAsync();
}
