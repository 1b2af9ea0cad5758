using AckPoller.Core.Auth;
using AckPoller.Core.Auth.Msal;
using AckPoller.Core.Auth.TokenCache;
using AckPoller.Core.Configuration;
using AckPoller.Core.Jobs;
using AckPoller.Core.Notifications;
using AckPoller.Core.Resilience;
using AckPoller.Core.Storage;
using AckPoller.Core.Storage.Migrations;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Mail.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Identity.Client;
using Quartz;

namespace AckPoller.Hosting;

/// <summary>Registers the validated options, the SQLite store (migrated at start-up by <see cref="StoreInitializer"/>),
/// and the auth services. A test may register its own IMsalHttpClientFactory or TimeProvider first: TryAdd keeps it.</summary>
public static class AckPollerServices
{
    public static IServiceCollection AddAckPollerCore(this IServiceCollection services, AckPollerOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(options.Storage);
        services.AddSingleton(options.Auth);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SecretResolver>();
        services.TryAddSingleton<IMsalHttpClientFactory>(_ => new MsalHttpClientFactory(options.Auth.ExtraCaFile));

        services.AddSingleton<SqliteConnectionFactory>();
        services.AddSingleton<IDatabaseConnectionFactory>(sp => sp.GetRequiredService<SqliteConnectionFactory>());
        services.AddSingleton<IReadOnlyList<IMigration>>(SqliteMigrations.All);
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<StoreInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreInitializer>());
        services.AddSingleton<IAuthStateStore, SqliteAuthStateStore>();
        services.AddSingleton<ITokenCacheStore, SqliteTokenCacheStore>();

        services.AddSingleton(sp => new AccountAuthenticators(
            options,
            sp.GetRequiredService<IAuthStateStore>(),
            sp.GetRequiredService<ITokenCacheStore>(),
            sp.GetRequiredService<IMsalHttpClientFactory>(),
            TokenCacheKeySource.Load(options.TokenCache),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<SecretResolver>()));
        services.AddSingleton(sp => sp.GetRequiredService<AccountAuthenticators>().States);
        services.AddSingleton<AuthorizationCallbackHandler>();
        services.AddSingleton<TokenKeepAlive>();
        services.AddSingleton<CredentialExpiryMonitor>();
        return services;
    }

    /// <summary>The engine that runs under `ackpoller run`: Quartz (poll per account, outbox, keep-alive, expiry
    /// warnings), the IMAP IDLE listeners, pause/resume on auth state changes and the admin notifications. The
    /// IAccountPoller (and the outbox's IOutboxDispatcher) are registered by their own areas.</summary>
    public static IServiceCollection AddAckPollerWorker(this IServiceCollection services, AckPollerOptions options)
    {
        services.AddSingleton(options.Scheduling);
        services.AddSingleton(options.Notifications);
        services.TryAddSingleton(new MailConnectionOptions { Tls = new TlsOptions { ExtraCaFile = options.Auth.ExtraCaFile } });
        services.AddSingleton<MailPipelines>();
        services.AddSingleton<AccountPollGate>();
        services.AddSingleton<AccountPauses>();
        services.AddSingleton<AccountPollRunner>();
        services.TryAddSingleton<IImapIdleConnector, ImapIdleConnector>();
        services.TryAddSingleton<INotificationLog, SqliteNotificationLog>();
        services.TryAddSingleton<IAdminNotificationChannel>(sp => new SmtpNotificationChannel(
            options, sp.GetRequiredService<MailPipelines>(), sp.GetRequiredService<MailConnectionOptions>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SmtpNotificationChannel>>(), sp.GetRequiredService<AccountAuthenticators>()));
        services.AddSingleton<AdminNotifier>();
        services.AddTransient<PollAccountJob>();
        services.AddTransient<OutboxJob>();
        services.AddTransient<TokenKeepAliveJob>();
        services.AddTransient<CredentialExpiryJob>();
        var concurrency = options.Scheduling.MaxConcurrentJobs > 0 ? options.Scheduling.MaxConcurrentJobs : options.Accounts.Count + 4;
        services.AddQuartz(quartz => quartz.UseDefaultThreadPool(concurrency));
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        services.AddHostedService<ReauthCoordinator>();
        services.AddHostedService<EngineScheduleInstaller>();
        services.AddHostedService<IdleListenerService>();
        return services;
    }
}