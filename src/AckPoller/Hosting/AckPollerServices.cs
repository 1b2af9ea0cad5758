using AckPoller.Core.Accounts;
using AckPoller.Core.Alerts;
using AckPoller.Core.Auth;
using AckPoller.Core.Auth.Msal;
using AckPoller.Core.Auth.State;
using AckPoller.Core.Auth.TokenCache;
using AckPoller.Core.Configuration;
using AckPoller.Core.Jobs;
using AckPoller.Core.Mailboxes;
using AckPoller.Core.Notifications;
using AckPoller.Core.Outbox;
using AckPoller.Core.Processing;
using AckPoller.Core.Replies;
using AckPoller.Core.Resilience;
using AckPoller.Core.Storage;
using AckPoller.Core.Storage.Migrations;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Mail.Transport;
using AckPoller.Telemetry;
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

        services.AddSingleton(options.Alerts);
        services.AddSingleton(_ => AlertMailIdentity.Resolve(options));
        services.AddSingleton<IUnitOfWorkFactory, SqliteUnitOfWorkFactory>();
        services.AddSingleton<SqliteAlertStore>();
        services.AddSingleton<IAlertStore>(sp => sp.GetRequiredService<SqliteAlertStore>());
        services.AddSingleton<IAlertDirectory>(sp => sp.GetRequiredService<SqliteAlertStore>());
        services.AddSingleton<SqliteAckLogStore>();
        services.AddSingleton<IAckLogStore>(sp => sp.GetRequiredService<SqliteAckLogStore>());
        services.AddSingleton<IRejectionHistory>(sp => sp.GetRequiredService<SqliteAckLogStore>());
        services.AddSingleton<IMailboxStateStore, SqliteMailboxStateStore>();
        services.AddSingleton<IOutboxStore, SqliteOutboxStore>();
        services.AddSingleton<IAccountActivityStore, SqliteAccountActivityStore>();
        services.AddSingleton(sp => new AccountStatusService(options, sp.GetRequiredService<AuthStateService>(), sp.GetRequiredService<IAccountActivityStore>(),
            sp.GetRequiredService<IOutboxStore>(), sp.GetService<AlertMailIdentity>()));
        services.AddSingleton<AckReplyComposer>();
        services.AddSingleton<IAckRecorder, AckRecorder>();
        services.AddSingleton<AlertEmailComposer>();
        services.AddSingleton<AlertService>();
        services.AddSingleton<IOutboxTransport, SmtpOutboxTransport>();
        services.AddSingleton<OutboxSender>();

        services.AddSingleton(options.Replies);
        services.AddSingleton<IReplyAnalyzer>(sp => new ReplyAnalyzer(options.Replies, sp.GetService<IAlertDirectory>(), sp.GetService<AlertMailIdentity>()?.MessageIdDomain));
        services.AddSingleton<ISenderPolicy>(sp => new SenderPolicy(options.Replies, sp.GetService<IRejectionHistory>(), sp.GetRequiredService<TimeProvider>()));

        // Reply polling. The mail connections trust Auth:ExtraCaFile too (a TLS-inspecting proxy or a private CA).
        // Needs IReplyAnalyzer, ISenderPolicy, IAckRecorder and IMailboxStateStore (registered by the replies and store parts).
        services.TryAddSingleton(new MailConnectionOptions { Tls = new TlsOptions { ExtraCaFile = options.Auth.ExtraCaFile } });
        services.AddSingleton<ReplyProcessor>();
        services.AddSingleton<ImapReplyReader>();
        services.AddSingleton<Pop3ReplyReader>();
        services.AddSingleton<IAccountPoller>(sp => new AccountPoller(
            sp.GetRequiredService<AccountAuthenticators>(),
            sp.GetRequiredService<ImapReplyReader>(),
            sp.GetRequiredService<Pop3ReplyReader>(),
            sp.GetRequiredService<ILogger<AccountPoller>>()));
        return services;
    }

    /// <summary>The engine that runs under `ackpoller run`: Quartz (poll per account, outbox, keep-alive, expiry
    /// warnings), the IMAP IDLE listeners, pause/resume on auth state changes and the admin notifications. The
    /// IAccountPoller is registered by the core (the pollers' part); the outbox job sends through the store's OutboxSender.</summary>
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
        services.TryAddSingleton<IOutboxDispatcher, OutboxSenderDispatcher>();
        services.AddTransient<PollAccountJob>();
        services.AddTransient<OutboxJob>();
        services.AddSingleton<SnoozeExpiry>();
        services.AddTransient<SnoozeExpiryJob>();
        services.AddTransient<TokenKeepAliveJob>();
        services.AddTransient<CredentialExpiryJob>();
        var concurrency = options.Scheduling.MaxConcurrentJobs > 0 ? options.Scheduling.MaxConcurrentJobs : options.Accounts.Count + 4;
        services.AddQuartz(quartz => quartz.UseDefaultThreadPool(concurrency));
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        services.AddHostedService<ReauthCoordinator>();
        services.AddHostedService<EngineScheduleInstaller>();
        services.AddHostedService<IdleListenerService>();
        services.AddAckPollerTelemetry(options, prometheus: options.Web.Enabled && options.Telemetry.Metrics);
        return services;
    }
}