using AckPoller.Core.Cluster;
using AckPoller.Core.Configuration;
using AckPoller.Core.Jobs;
using AckPoller.Core.Storage.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AckPoller.Hosting;

/// <summary>Who runs the IMAP IDLE listeners: with SQLite this one node runs all of them (<see cref="LocalIdleOwnership"/>);
/// with PostgreSQL each account's listener runs on the one node holding its advisory lock
/// (<see cref="IdleOwnershipCoordinator"/>). Two accounts whose lock keys collide are refused here, at start.</summary>
public static class IdleOwnershipServices
{
    public static IServiceCollection AddAckPollerIdleOwnership(this IServiceCollection services, AckPollerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Storage.Provider != StorageProvider.PostgreSql)
        {
            services.AddSingleton<IIdleOwnership, LocalIdleOwnership>();
            return services;
        }

        IdleLockKey.ForAccounts(IdleLockKey.IdleAccounts(options));
        services.AddSingleton<IIdleOwnership>(sp => new IdleOwnershipCoordinator(
            sp.GetRequiredService<NodeIdentity>().Id,
            new PostgreSqlIdleLockConnector(PostgreSqlConnectionFactory.ResolveConnectionString(options.Storage, Environment.GetEnvironmentVariable)),
            sp.GetRequiredService<INodeRegistry>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("AckPoller.Idle.Ownership")));
        return services;
    }
}
