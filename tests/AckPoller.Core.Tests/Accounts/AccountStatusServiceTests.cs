using AckPoller.Core.Accounts;
using AckPoller.Core.Alerts;
using AckPoller.Core.Auth;
using AckPoller.Core.Auth.State;
using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;
using AckPoller.Core.Storage.Sqlite;
using AckPoller.Core.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Accounts;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class AccountStatusServiceTests
{
    [Fact]
    public async Task Each_configured_account_gets_its_auth_state_activity_idle_and_the_sender_the_pending_outbox()
    {
        using var engine = await EngineStore.OpenAsync();
        var options = new AckPollerOptions();
        options.Accounts.Add(new MailAccountOptions { Name = "oncall", Mailbox = "alerts@contoso.example", Protocol = MailProtocol.Imap, AuthKind = AccountAuthKind.DelegatedAuthorizationCode, SmtpServer = "smtp://smtp.office365.com" });
        options.Accounts.Add(new MailAccountOptions { Name = "backup", Mailbox = "backup@contoso.example", Protocol = MailProtocol.Pop3, AuthKind = AccountAuthKind.ClientCredentials });
        options.Accounts.Add(new MailAccountOptions { Name = "quiet", Mailbox = "quiet@contoso.example", Protocol = MailProtocol.Imap, AuthKind = AccountAuthKind.Password, Polling = new AccountPollingOptions { Idle = false } });
        options.Alerts.SenderAccount = "oncall";
        using var states = new AuthStateService(engine.Store.AuthStates, engine.Time, NullLogger<AuthStateService>.Instance);
        var challenge = new SignInChallenge { AuthorizationUrl = new Uri("https://login.example/authorize") };
        await states.UpdateAsync("oncall", s => s with { State = AuthState.ReauthRequired, Reason = "refresh token expired", ErrorCode = "AADSTS700082", Challenge = challenge }, default);
        await states.UpdateAsync("backup", s => s with { State = AuthState.Authorized }, default);
        await states.UpdateAsync("quiet", s => s with { State = AuthState.CredentialInvalid, Reason = "password refused" }, default);
        var activity = new SqliteAccountActivityStore(engine.Store.Connections);
        await activity.RecordPollAsync("BACKUP", engine.Time.GetUtcNow(), "fetched 2", null, default);
        await activity.RecordIdleAsync("oncall", true, engine.Time.GetUtcNow(), default);
        foreach (var id in new[] { "a", "b" })
        {
            await engine.Store.Outbox.EnqueueAsync(new OutboxMessage { Recipients = ["x@contoso.example"], MessageId = id + "@ackpoller.test", Raw = new byte[] { 1 }, CreatedAt = engine.Time.GetUtcNow(), NextAttemptAt = engine.Time.GetUtcNow() }, default);
        }

        var service = new AccountStatusService(options, states, activity, engine.Store.Outbox, AlertMailIdentity.Resolve(options));
        var all = await service.GetAllAsync(default);

        Assert.Equal(["oncall", "backup", "quiet"], all.Select(a => a.Name));
        var oncall = all[0];
        Assert.Equal((AuthState.ReauthRequired, "refresh token expired", "AADSTS700082"), (oncall.AuthState, oncall.AuthReason, oncall.AuthErrorCode));
        Assert.Equal(challenge, oncall.SignIn);
        Assert.True(oncall.NeedsAttention);
        Assert.True(oncall.IdleEnabled);
        Assert.True(oncall.Activity!.IdleConnected);
        Assert.Equal(2, oncall.PendingOutbox);
        Assert.Equal(engine.Time.GetUtcNow(), oncall.AuthSince);

        var backup = all[1];
        Assert.False(backup.NeedsAttention);
        Assert.False(backup.IdleEnabled);
        Assert.Equal("fetched 2", backup.Activity!.LastPollSummary);
        Assert.Equal(0, backup.PendingOutbox);

        var quiet = all[2];
        Assert.False(quiet.NeedsAttention);
        Assert.False(quiet.IdleEnabled);
        Assert.Null(quiet.Activity);

        Assert.Equal("backup", (await service.GetAsync("Backup", default))!.Name);
        Assert.Null(await service.GetAsync("nope", default));
    }

    [Fact]
    public async Task Without_a_sending_account_no_account_shows_the_outbox()
    {
        using var engine = await EngineStore.OpenAsync();
        var options = new AckPollerOptions();
        options.Accounts.Add(new MailAccountOptions { Name = "oncall", Mailbox = "alerts@contoso.example", AuthKind = AccountAuthKind.ClientCredentials });
        using var states = new AuthStateService(engine.Store.AuthStates, engine.Time, NullLogger<AuthStateService>.Instance);
        await engine.Store.Outbox.EnqueueAsync(new OutboxMessage { Recipients = ["x@contoso.example"], MessageId = "m@ackpoller.test", Raw = new byte[] { 1 }, CreatedAt = engine.Time.GetUtcNow(), NextAttemptAt = engine.Time.GetUtcNow() }, default);

        var service = new AccountStatusService(options, states, new SqliteAccountActivityStore(engine.Store.Connections), engine.Store.Outbox);
        var oncall = Assert.Single(await service.GetAllAsync(default));

        Assert.Equal(0, oncall.PendingOutbox);
        Assert.Equal(AuthState.Unconfigured, oncall.AuthState);
        Assert.True(oncall.NeedsAttention);
    }
}
