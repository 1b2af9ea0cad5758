using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Notifications;
using AckPoller.Core.Storage.Migrations;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Core.Storage;
using AckPoller.Core.Tests.Jobs;
using AckPoller.Core.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Notifications;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class AdminNotifierTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualTimeProvider _time = new();
    private readonly RecordingChannel _channel = new();
    private readonly AckPollerOptions _options = JobsTestOptions.With("oncall");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_same_state_is_notified_at_most_every_RepeatEvery_even_across_a_restart()
    {
        _options.Notifications.RepeatEvery = TimeSpan.FromHours(4);
        var log = await OpenLogAsync();
        var status = Status(AuthState.ReauthRequired);

        using (var notifier = Notifier(log))
        {
            Assert.True(await notifier.NotifyAccountPausedAsync(status, default));
            Assert.False(await notifier.NotifyAccountPausedAsync(status, default));
            _time.Advance(TimeSpan.FromHours(3));
            Assert.False(await notifier.NotifyAccountPausedAsync(status with { Challenge = new SignInChallenge { UserCode = "NEW-CODE" } }, default));
        }

        using (var restarted = Notifier(await OpenLogAsync()))
        {
            Assert.False(await restarted.NotifyAccountPausedAsync(status, default));
            _time.Advance(TimeSpan.FromHours(1));
            Assert.True(await restarted.NotifyAccountPausedAsync(status, default));
        }

        Assert.Equal(2, _channel.Sent.Count);
    }

    [Fact]
    public async Task A_different_state_is_notified_at_once()
    {
        using var notifier = Notifier(new InMemoryNotificationLog());

        Assert.True(await notifier.NotifyAccountPausedAsync(Status(AuthState.ReauthRequired), default));
        Assert.True(await notifier.NotifyAccountPausedAsync(Status(AuthState.CredentialInvalid), default));

        Assert.Equal(2, _channel.Sent.Count);
    }

    [Fact]
    public async Task The_message_names_the_account_reason_and_sign_in_link_and_goes_to_the_admins()
    {
        using var notifier = Notifier(new InMemoryNotificationLog());
        var url = new Uri("https://login.example.test/authorize?client_id=x&state=abc");

        await notifier.NotifyAccountPausedAsync(Status(AuthState.ReauthRequired) with { Challenge = new SignInChallenge { AuthorizationUrl = url } }, default);

        var (to, message) = Assert.Single(_channel.Sent);
        Assert.Equal(["admin@example.test"], to);
        Assert.Contains("oncall", message.Subject);
        Assert.Contains("needs sign-in", message.Subject);
        Assert.Contains("The refresh token expired (AADSTS700082).", message.Body);
        Assert.Contains(url.AbsoluteUri, message.Body);
        Assert.Contains("ackpoller auth login oncall", message.Body);
    }

    [Fact]
    public void A_device_code_message_gives_the_code_and_where_to_enter_it()
    {
        var challenge = new SignInChallenge { UserCode = "FGH-JKL", VerificationUrl = new Uri("https://microsoft.com/devicelogin"), ExpiresAt = _time.GetUtcNow().AddMinutes(15) };

        var message = AdminMessages.AccountPaused(Status(AuthState.ReauthRequired) with { Challenge = challenge }, _time.GetUtcNow());

        Assert.Contains("open https://microsoft.com/devicelogin and enter the code FGH-JKL", message.Body);
    }

    [Fact]
    public async Task Without_a_channel_nothing_is_sent_and_nothing_is_recorded()
    {
        var log = new InMemoryNotificationLog();
        using var notifier = new AdminNotifier(_options, log, _time, NullLogger<AdminNotifier>.Instance, channel: null);

        Assert.False(await notifier.NotifyAccountPausedAsync(Status(AuthState.ReauthRequired), default));
        Assert.Null(await log.GetAsync("oncall", AdminNotifier.AuthTopic, default));
    }

    private AdminNotifier Notifier(INotificationLog log) => new(_options, log, _time, NullLogger<AdminNotifier>.Instance, _channel);

    private async Task<SqliteNotificationLog> OpenLogAsync()
    {
        var connections = new SqliteConnectionFactory(new StorageOptions { DatabasePath = _dir.File("ackpoller.db") });
        await new MigrationRunner(connections, SqliteMigrations.All, _time, NullLogger<MigrationRunner>.Instance).ApplyAsync(default);
        return new SqliteNotificationLog(connections);
    }

    private AccountAuthStatus Status(AuthState state) => new()
    {
        Account = "oncall",
        State = state,
        Reason = "The refresh token expired (AADSTS700082).",
        ErrorCode = "AADSTS700082",
        Since = _time.GetUtcNow(),
        UpdatedAt = _time.GetUtcNow(),
    };
}
