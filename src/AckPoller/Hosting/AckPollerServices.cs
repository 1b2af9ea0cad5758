using AckPoller.Core.Accounts;
using AckPoller.Core.Alerts;
using AckPoller.Core.Auth;
using AckPoller.Core.Auth.Msal;
using AckPoller.Core.Auth.State;
using AckPoller.Core.Auth.TokenCache;
using AckPoller.Core.Configuration;
using AckPoller.Core.Integrations.Alertmanager;
using AckPoller.Core.Jobs;
using AckPoller.Core.MailErrors;
using AckPoller.Core.Mailboxes;
using AckPoller.Core.Notifications;
using AckPoller.Core.Outbox;
using AckPoller.Core.Processing;
using AckPoller.Core.Replies;
using AckPoller.Core.Webhooks;
using AckPoller.Mail.Transport;
using AckPoller.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Identity.Client;
using Quartz;

namespace AckPoller.Hosting;

/// <summary>Registers the validated options, the store (SQLite or PostgreSQL, see StorageServices; migrated at start-up by <see cref="StoreInitializer"/>),
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

        services.AddAckPollerStorage(options.Storage);

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
        services.AddSingleton(sp => new AccountStatusService(options, sp.GetRequiredService<AuthStateService>(), sp.GetRequiredService<IAccountActivityStore>(),
            sp.GetRequiredService<IOutboxStore>(), sp.GetService<AlertMailIdentity>()));
        services.AddSingleton<AckReplyComposer>();
        services.AddSingleton<IAckRecorder, AckRecorder>();
        services.AddSingleton<AlertEmailComposer>();
        services.AddSingleton<AlertService>();
        services.AddSingleton(options.Integrations.Alertmanager);
        services.AddSingleton<AlertmanagerReceiver>();
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
        services.AddQuartz(quartz =>
        {
            quartz.UseDefaultThreadPool(concurrency);
            ClusteredScheduling.Configure(quartz, options.Storage);
        });
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        services.AddHostedService<ReauthCoordinator>();
        services.AddHostedService<EngineScheduleInstaller>();
        services.AddAckPollerIdleOwnership(options);
        services.AddHostedService<IdleListenerService>();
        services.AddAckPollerTelemetry(options, prometheus: options.Web.Enabled && options.Telemetry.Metrics);

        if (options.Integrations.Alertmanager.Url is { Length: > 0 } alertmanagerUrl)
        {
            services.AddSingleton(sp => new AlertmanagerSilencer(sp.GetRequiredService<IExternalSilenceStore>(), sp.GetRequiredService<IUnitOfWorkFactory>(),
                new HttpClient { BaseAddress = new Uri(alertmanagerUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(10) },
                options.Integrations.Alertmanager, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AlertmanagerSilencer>>(),
                options.Integrations.Alertmanager.EmailWhenResolved ? sp.GetRequiredService<AlertEmailComposer>() : null));
            services.AddHostedService<AlertmanagerSilenceService>();
        }

        if (options.Webhooks.Count > 0)
        {
            services.AddSingleton(sp => new WebhookDispatcher(sp.GetRequiredService<IWebhookDeliveryStore>(), WebhookTargets.Build(options.Webhooks),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WebhookDispatcher>>()));
            services.AddHostedService<WebhookService>();
        }
        return services;
    }
}