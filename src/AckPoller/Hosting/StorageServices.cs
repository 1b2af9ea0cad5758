using System.Diagnostics.CodeAnalysis;
using AckPoller.Core.Accounts;
using AckPoller.Core.Alerts;
using AckPoller.Core.Auth;
using AckPoller.Core.Cluster;
using AckPoller.Core.Configuration;
using AckPoller.Core.Integrations.Alertmanager;
using AckPoller.Core.Mailboxes;
using AckPoller.Core.Notifications;
using AckPoller.Core.Outbox;
using AckPoller.Core.Processing;
using AckPoller.Core.Storage;
using AckPoller.Core.Storage.Migrations;
using AckPoller.Core.Storage.PostgreSql;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Core.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Quartz;

namespace AckPoller.Hosting;

/// <summary>Registers every store interface for the provider Storage:Provider names (SQLite by default, or PostgreSQL),
/// the schema migrator and <see cref="StoreInitializer"/>, the first hosted service, which runs it at start-up; with
/// PostgreSQL also the node registry and this node's <see cref="NodeHeartbeat"/> (started after the migrations).</summary>
public static class StorageServices
{
    public static IServiceCollection AddAckPollerStorage(this IServiceCollection services, StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        services.AddSingleton<StoreInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreInitializer>());
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
            services.AddSingleton<IExternalSilenceStore, PostgreSqlExternalSilenceStore>();
            services.AddSingleton<IWebhookDeliveryStore, PostgreSqlWebhookDeliveryStore>();
            services.AddSingleton<INodeRegistry, PostgreSqlNodeRegistry>();
            services.TryAddSingleton(_ => NodeIdentity.ForThisProcess());
            services.AddSingleton<ClusterOverviewReader>();
            services.AddSingleton<IStoreHealth, PostgreSqlStoreHealth>();
            services.AddHostedService<NodeHeartbeat>();
            return services;
        }

        services.AddSingleton<SqliteConnectionFactory>();
        services.AddSingleton<IDatabaseConnectionFactory>(sp => sp.GetRequiredService<SqliteConnectionFactory>());
        services.AddSingleton<SqliteStoreHealth>();
        services.AddSingleton<IStoreHealth>(sp => sp.GetRequiredService<SqliteStoreHealth>());
        services.AddHostedService<StoreWritableAtStart>();
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
        services.AddSingleton<IExternalSilenceStore, SqliteExternalSilenceStore>();
        services.AddSingleton<IWebhookDeliveryStore, SqliteWebhookDeliveryStore>();
        return services;
    }

    private static void Add<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore, TFirst, TSecond>(IServiceCollection services)
        where TStore : class, TFirst, TSecond
        where TFirst : class
        where TSecond : class
    {
        services.AddSingleton<TStore>();
        services.AddSingleton<TFirst>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<TSecond>(sp => sp.GetRequiredService<TStore>());
    }
}

/// <summary>With Storage:Provider PostgreSql, Quartz keeps its schedule in the same database (tables from the PostgreSQL
/// migrations) with clustering on: every node runs the scheduler, each trigger fires on one node, a job marked
/// [DisallowConcurrentExecution] (the per-account poll) runs on one node at a time cluster-wide, and the jobs of a node
/// that stops checking in are taken over by the others. With SQLite the schedule stays in memory.</summary>
public static class ClusteredScheduling
{
    /// <summary>How often a node checks in with the cluster.</summary>
    public static readonly TimeSpan CheckinInterval = TimeSpan.FromSeconds(5);

    /// <summary>A node silent for this long counts as dead: its fired jobs are recovered and run elsewhere.</summary>
    public static readonly TimeSpan CheckinMisfireThreshold = TimeSpan.FromSeconds(15);

    /// <summary>A trigger later than this is a misfire and follows its misfire instruction (the polls fire once now).</summary>
    public static readonly TimeSpan MisfireThreshold = TimeSpan.FromSeconds(30);

    public static void Configure(IQuartzBuilder quartz, StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(quartz);
        ArgumentNullException.ThrowIfNull(storage);
        if (storage.Provider != StorageProvider.PostgreSql)
        {
            return;
        }

        quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = "AckPoller");
        quartz.UsePersistentStore(store =>
        {
            store.ConfigureStore(ado =>
            {
                ado.TablePrefix = "qrtz_";
                ado.MisfireThreshold = MisfireThreshold;
            });
            store.UseClustering(cluster =>
            {
                cluster.CheckinInterval = CheckinInterval;
                cluster.CheckinMisfireThreshold = CheckinMisfireThreshold;
            });
            store.UsePostgres(PostgreSqlConnectionFactory.ResolveConnectionString(storage, Environment.GetEnvironmentVariable));
            store.UseSystemTextJsonSerializer();
        });
    }
}
