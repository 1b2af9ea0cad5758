using AckPoller.Core.Accounts;
using AckPoller.Core.Jobs;
using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Mailboxes;
using AckPoller.Core.Outbox;
using AckPoller.Core.Processing;
using AckPoller.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AckPoller.Integration.Tests.Outbox;

[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class EngineServicesTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ackpoller-services-it", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task The_store_and_engine_services_resolve_from_the_host_registration_and_share_one_database()
    {
        var options = new AckPollerOptions { Storage = new StorageOptions { DatabasePath = Path.Combine(_folder, "ackpoller.db") } };
        options.TokenCache.KeyFile = Path.Combine(_folder, "key");
        options.Accounts.Add(new MailAccountOptions { Name = "oncall", Mailbox = "oncall@example.com", SmtpServer = "smtp://smtp.example.com", AuthKind = AccountAuthKind.Password, PasswordEnv = "X" });
        await using var services = new ServiceCollection().AddLogging().AddAckPollerCore(options).BuildServiceProvider();
        await services.GetRequiredService<StoreInitializer>().StartAsync(default);

        var alert = await services.GetRequiredService<AlertService>().RaiseAsync(new RaiseAlertRequest { Subject = "x", Recipients = ["jane@example.com"] }, default);

        Assert.Equal(alert.Id, (await services.GetRequiredService<IAlertDirectory>().FindByReferenceAsync(alert.Reference, default))!.Id);
        Assert.Same(services.GetRequiredService<IAlertStore>(), services.GetRequiredService<IAlertDirectory>());
        Assert.Same(services.GetRequiredService<IAckLogStore>(), services.GetRequiredService<IRejectionHistory>());
        Assert.Single(await services.GetRequiredService<IOutboxStore>().ListAsync(OutboxState.Pending, 10, default));
        Assert.NotNull(services.GetRequiredService<IAckRecorder>());
        Assert.NotNull(services.GetRequiredService<IMailboxStateStore>());
        Assert.NotNull(services.GetRequiredService<IUnitOfWorkFactory>());
        Assert.NotNull(services.GetRequiredService<OutboxSender>());
    }

    [Fact]
    public async Task The_worker_registration_resolves_every_scheduled_job_and_the_account_status()
    {
        var options = new AckPollerOptions { Storage = new StorageOptions { DatabasePath = Path.Combine(_folder, "worker.db") } };
        options.TokenCache.KeyFile = Path.Combine(_folder, "key");
        options.Accounts.Add(new MailAccountOptions { Name = "oncall", Mailbox = "oncall@example.com", SmtpServer = "smtp://smtp.example.com", AuthKind = AccountAuthKind.Password, PasswordEnv = "X" });
        await using var services = new ServiceCollection().AddLogging().AddAckPollerCore(options).AddAckPollerWorker(options).BuildServiceProvider();
        await services.GetRequiredService<StoreInitializer>().StartAsync(default);

        foreach (var scheduled in EngineSchedule.Build(options, TimeProvider.System, withOutbox: true))
        {
            Assert.NotNull(services.GetRequiredService(scheduled.Job.JobType.Type));
        }

        var status = Assert.Single(await services.GetRequiredService<AccountStatusService>().GetAllAsync(default));
        Assert.Equal("oncall", status.Name);
        Assert.False(status.NeedsAttention);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
