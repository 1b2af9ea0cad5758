using AckPoller.Core.Accounts;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Mailboxes;
using AckPoller.Core.Notifications;
using AckPoller.Core.Outbox;
using AckPoller.Core.Replies;
using AckPoller.Core.Storage;
using AckPoller.Core.Storage.Migrations;
using AckPoller.Core.Storage.PostgreSql;
using AckPoller.Core.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AckPoller.Hosting;

/// <summary>Registers every store interface for the provider Storage:Provider names (SQLite by default, or PostgreSQL)
/// and the schema migrator <see cref="StoreInitializer"/> runs at start-up.</summary>
public static class StorageServices
{
    public static IServiceCollection AddAckPollerStorage(this IServiceCollection services, StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (storage.Provider == StorageProvider.PostgreSql)
        {
            services.AddSingleton(_ => new PostgreSqlConnectionFactory(storage));
            services.AddSingleton<IDatabaseConnectionFactory>(sp => sp.GetRequiredService<PostgreSqlConnectionFactory>());
            services.AddSingleton<ISchemaMigrator>(sp => new PostgreSqlMigrationRunner(sp.GetRequiredService<IDatabaseConnectionFactory>(), PostgreSqlMigrations.All,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PostgreSqlMigrationRunner>>()));
            services.AddSingleton<IAuthStateStore, PostgreSqlAuthStateStore>();
            services.AddSingleton<ITokenCacheStore, PostgreSqlTokenCacheStore>();
            services.AddSingleton<IUnitOfWorkFactory, PostgreSqlUnitOfWorkFactory>();
            Add<PostgreSqlAlertStore, IAlertStore, IAlertDirectory>(services);
            Add<PostgreSqlAckLogStore, IAckLogStore, IRejectionHistory>(services);
            services.AddSingleton<IMailboxStateStore, PostgreSqlMailboxStateStore>();
            services.AddSingleton<IOutboxStore, PostgreSqlOutboxStore>();
            services.AddSingleton<IAccountActivityStore, PostgreSqlAccountActivityStore>();
            services.TryAddSingleton<INotificationLog, PostgreSqlNotificationLog>();
            return services;
        }

        services.AddSingleton<SqliteConnectionFactory>();
        services.AddSingleton<IDatabaseConnectionFactory>(sp => sp.GetRequiredService<SqliteConnectionFactory>());
        services.AddSingleton<IReadOnlyList<IMigration>>(SqliteMigrations.All);
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<ISchemaMigrator>(sp => sp.GetRequiredService<MigrationRunner>());
        services.AddSingleton<IAuthStateStore, SqliteAuthStateStore>();
        services.AddSingleton<ITokenCacheStore, SqliteTokenCacheStore>();
        services.AddSingleton<IUnitOfWorkFactory, SqliteUnitOfWorkFactory>();
        Add<SqliteAlertStore, IAlertStore, IAlertDirectory>(services);
        Add<SqliteAckLogStore, IAckLogStore, IRejectionHistory>(services);
        services.AddSingleton<IMailboxStateStore, SqliteMailboxStateStore>();
        services.AddSingleton<IOutboxStore, SqliteOutboxStore>();
        services.AddSingleton<IAccountActivityStore, SqliteAccountActivityStore>();
        services.TryAddSingleton<INotificationLog, SqliteNotificationLog>();
        return services;
    }

    private static void Add<TStore, TFirst, TSecond>(IServiceCollection services)
        where TStore : class, TFirst, TSecond
        where TFirst : class
        where TSecond : class
    {
        services.AddSingleton<TStore>();
        services.AddSingleton<TFirst>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<TSecond>(sp => sp.GetRequiredService<TStore>());
    }
}
