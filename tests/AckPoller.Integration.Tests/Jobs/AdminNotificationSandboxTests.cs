using AckPoller.Core.Auth;
using AckPoller.Core.Jobs;
using AckPoller.Core.Notifications;
using AckPoller.Core.Storage;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Integration.Tests.Imap;
using AckPoller.Mail.Imap;
using AckPoller.Mail.Mime;
using AckPoller.Mail.Sasl;
using Microsoft.Extensions.Logging;

namespace AckPoller.Integration.Tests.Jobs;

/// <summary>An account entering ReauthRequired pauses and the admins get an email through the backup SMTP channel
/// (sandbox Postfix submission, basic auth), checked in the admin's mailbox over IMAP.</summary>
[Trait(TestCategory.Name, TestCategory.Sandbox)]
public sealed class AdminNotificationSandboxTests
{
    [Fact]
    public async Task ReauthRequired_delivers_an_admin_notification_with_the_sign_in_link_through_Postfix()
    {
        await using var sandbox = JobsSandbox.Create();
        var account = sandbox.AddImapAccount("oncall");
        var admin = sandbox.Settings.NewAddress("admin");
        var sender = sandbox.Settings.NewAddress("ackpoller-notify");
        sandbox.Options.Notifications.AdminAddresses.Add(admin);
        sandbox.Options.Notifications.SmtpServer = $"smtp://{sandbox.Settings.Host}:{sandbox.Settings.Ports.Submission}";
        sandbox.Options.Notifications.UserName = sender;
        sandbox.Options.Notifications.PasswordEnv = JobsSandbox.PasswordVariable;
        await sandbox.OpenAsync();

        var states = sandbox.Accounts.States;
        using var pauses = new AccountPauses(states, sandbox.Loggers.CreateLogger<AccountPauses>());
        using var gate = new AccountPollGate();
        await using var runner = new AccountPollRunner(sandbox.Options, new RecordingPoller(), gate, pauses, sandbox.Pipelines, states, TimeProvider.System,
            sandbox.Loggers.CreateLogger<AccountPollRunner>());
        var channel = new SmtpNotificationChannel(sandbox.Options, sandbox.Pipelines, sandbox.Connection, TimeProvider.System,
            sandbox.Loggers.CreateLogger<SmtpNotificationChannel>(), sandbox.Accounts, name => name == JobsSandbox.PasswordVariable ? sandbox.Settings.Password : null);
        using var notifier = new AdminNotifier(sandbox.Options, new SqliteNotificationLog(sandbox.Store.Connections), TimeProvider.System,
            sandbox.Loggers.CreateLogger<AdminNotifier>(), channel);
        using var coordinator = new ReauthCoordinator(sandbox.Options, pauses, runner, notifier, sandbox.Loggers.CreateLogger<ReauthCoordinator>());
        await coordinator.StartAsync(default);

        var url = new Uri($"https://login.sandbox.test/authorize?client_id=test&state={Guid.NewGuid():N}");
        await states.UpdateAsync(account.Name, s => s with
        {
            State = AuthState.ReauthRequired,
            ErrorCode = "AADSTS700082",
            Reason = "The refresh token has expired due to inactivity.",
            Challenge = new SignInChallenge { AuthorizationUrl = url },
        }, default);
        await coordinator.WhenNotifiedAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(pauses.IsPaused(account.Name, out _));
        Assert.True(sandbox.Logs.Text.Contains("admins notified (auth)", StringComparison.Ordinal), sandbox.Logs.Text);

        var message = await ReadOnlyMessageAsync(sandbox, admin);
        Assert.Equal("[AckPoller] Account oncall needs sign-in", message.Subject);
        var body = message.GetTextBody()!;
        Assert.Contains("The refresh token has expired due to inactivity.", body, StringComparison.Ordinal);
        Assert.Contains(url.AbsoluteUri, body, StringComparison.Ordinal);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);

        // A second announcement of the same state within Notifications:RepeatEvery sends nothing more.
        pauses.Remind((await states.GetAsync(account.Name, default)) with { });
        await coordinator.WhenNotifiedAsync();
        await Task.Delay(1500);
        await using var client = await LoginAsync(sandbox, admin);
        Assert.Single(await ImapSandbox.WaitForInboxAsync(client, 1));
        await coordinator.StopAsync(default);
    }

    private static async Task<MimeMessage> ReadOnlyMessageAsync(JobsSandbox sandbox, string admin)
    {
        await using var client = await LoginAsync(sandbox, admin);
        var uids = await ImapSandbox.WaitForInboxAsync(client, 1);
        var fetched = await client.UidFetchAsync(UidSet.Single(uids[0]), ImapFetchItems.Body, default);
        return MimeParser.Parse(fetched[0].Body!);
    }

    private static async Task<ImapClient> LoginAsync(JobsSandbox sandbox, string user)
    {
        var client = new ImapClient(sandbox.Connection);
        await client.ConnectAsync(ImapSandbox.Implicit(sandbox.Settings), default);
        await client.AuthenticateAsync(MailCredentials.FromPassword(user, sandbox.Settings.Password));
        return client;
    }
}
