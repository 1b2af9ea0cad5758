using AckPoller.Core.Configuration;
using AckPoller.Core.Notifications;
using AckPoller.Core.Storage.PostgreSql;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Core.Tests.Storage.PostgreSql;
using AckPoller.Core.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Storage.Contract;

/// <summary>Opens a fresh, migrated store of one provider.</summary>
public interface IContractStoreProvider
{
    Task<ContractStore> OpenAsync();
}

public sealed class SqliteContractProvider : IContractStoreProvider
{
    public async Task<ContractStore> OpenAsync()
    {
        var time = NewClock();
        var dir = new TempDirectory();
        var store = await SqliteStore.OpenAsync(new StorageOptions { DatabasePath = dir.File("contract.db") }, time, NullLoggerFactory.Instance, default);
        return new ContractStore
        {
            Time = time,
            Connections = store.Connections,
            Transactions = store.Transactions,
            Alerts = store.Alerts,
            AckLog = store.AckLog,
            Outbox = store.Outbox,
            Mailboxes = store.Mailboxes,
            AuthStates = store.AuthStates,
            TokenCaches = store.TokenCaches,
            Activity = new SqliteAccountActivityStore(store.Connections),
            Notifications = new SqliteNotificationLog(store.Connections),
            ExternalSilences = new SqliteExternalSilenceStore(store.Connections),
            WebhookDeliveries = new SqliteWebhookDeliveryStore(store.Connections),
            Dispose = () =>
            {
                dir.Dispose();
                return ValueTask.CompletedTask;
            },
        };
    }

    internal static ManualTimeProvider NewClock() => new(new DateTimeOffset(2025, 3, 4, 10, 42, 0, TimeSpan.Zero));
}

/// <summary>A new database on the test run's private PostgreSQL server per store.</summary>
public sealed class PostgreSqlContractProvider(PostgresServer server) : IContractStoreProvider
{
    public async Task<ContractStore> OpenAsync()
    {
        var time = SqliteContractProvider.NewClock();
        var database = await server.CreateDatabaseAsync();
        var store = await PostgreSqlStore.OpenAsync(server.ConnectionString(database), time, NullLoggerFactory.Instance, default);
        return new ContractStore
        {
            Time = time,
            Connections = store.Connections,
            Transactions = store.Transactions,
            Alerts = store.Alerts,
            AckLog = store.AckLog,
            Outbox = store.Outbox,
            Mailboxes = store.Mailboxes,
            AuthStates = store.AuthStates,
            TokenCaches = store.TokenCaches,
            Activity = store.Activity,
            Notifications = store.Notifications,
            ExternalSilences = new PostgreSqlExternalSilenceStore(store.Connections),
            WebhookDeliveries = new PostgreSqlWebhookDeliveryStore(store.Connections),
            Dispose = store.DisposeAsync,
        };
    }
}
