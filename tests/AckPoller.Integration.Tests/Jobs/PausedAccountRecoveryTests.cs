using AckPoller.Core.Auth;
using AckPoller.Core.Auth.State;
using AckPoller.Core.Configuration;
using AckPoller.Core.Jobs;
using AckPoller.Core.Storage;
using AckPoller.Hosting;
using AckPoller.Sandbox;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AckPoller.Integration.Tests.Jobs;

/// <summary>An account paused for a problem fixed outside AckPoller (here: the mail server refused the token, then an
/// outside agent wrote a fresh one) comes back by itself at the next trial poll, through the production wiring (the
/// runner and the real poller against the sandbox Dovecot), without a restart or a person.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class PausedAccountRecoveryTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ackpoller-recovery-it", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_mailbox_access_denied_account_is_retried_every_recheck_interval_and_recovers_once_fixed()
    {
        Directory.CreateDirectory(_folder);
        var settings = SandboxSettings.Load();
        using var minter = JwtMinter.Trusted(settings);
        var mailbox = settings.NewAddress("recover");
        var tokenFile = Path.Combine(_folder, "access-token");
        var options = new AckPollerOptions { Storage = new StorageOptions { DatabasePath = Path.Combine(_folder, "ackpoller.db") } };
        options.TokenCache.KeyFile = Path.Combine(_folder, "key");
        options.Auth.ExtraCaFile = settings.CaFile;
        options.Scheduling.PausedRecheckInterval = TimeSpan.FromSeconds(1);
        options.Scheduling.MailRetries = 0;
        options.Accounts.Add(new MailAccountOptions
        {
            Name = "recover",
            Mailbox = mailbox,
            Protocol = MailProtocol.Imap,
            IncomingServer = $"imaps://{settings.Host}:{settings.Ports.Imaps}",
            AuthKind = AccountAuthKind.AccessToken,
            AccessTokenFile = tokenFile,
        });
        await using var services = new ServiceCollection().AddLogging().AddAckPollerCore(options).AddAckPollerWorker(options).BuildServiceProvider();
        await services.GetRequiredService<StoreInitializer>().StartAsync(default);
        var runner = services.GetRequiredService<AccountPollRunner>();
        var states = services.GetRequiredService<AuthStateService>();

        await File.WriteAllTextAsync(tokenFile, minter.Mint(mailbox, TimeSpan.FromMinutes(-5)));
        var refused = await runner.PollAsync("recover", "test", default);
        Assert.StartsWith("MailboxAccessDenied", refused?.SkippedBecause, StringComparison.Ordinal);
        Assert.Equal(AuthState.MailboxAccessDenied, (await states.GetAsync("recover", default)).State);

        await File.WriteAllTextAsync(tokenFile, minter.Mint(mailbox, TimeSpan.FromMinutes(10)));
        var tooSoon = await runner.PollAsync("recover", "test", default);
        Assert.NotNull(tooSoon?.SkippedBecause);

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var trial = await runner.PollAsync("recover", "test", default);

        Assert.NotNull(trial);
        Assert.Null(trial.SkippedBecause);
        Assert.Equal(AuthState.Authorized, (await states.GetAsync("recover", default)).State);
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
